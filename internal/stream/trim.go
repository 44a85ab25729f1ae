package stream

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// trimLoop runs the retention trimmer every TrimInterval until Close.
func (s *Service) trimLoop() {
	defer s.wg.Done()
	for {
		tick, stop := s.clock.After(s.opts.TrimInterval)
		select {
		case <-s.done:
			stop()
			return
		case <-tick:
		}
		started := s.clock.Now()
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			select {
			case <-s.done:
				cancel()
			case <-ctx.Done():
			}
		}()
		s.trimAll(ctx)
		cancel()
		if s.opts.trimmed != nil {
			s.opts.trimmed(started)
		}
	}
}

// trimAll deletes the records past retention of every stream of every
// known account, and removes streams whose deletion is due.
func (s *Service) trimAll(ctx context.Context) {
	var accounts []string
	s.accounts.Range(func(k, _ any) bool {
		accounts = append(accounts, k.(string))
		return true
	})
	slices.Sort(accounts)
	for _, account := range accounts {
		if err := s.trimAccount(ctx, account); err != nil && ctx.Err() == nil {
			s.log.Error("stream retention trim", "account", account, "err", err)
		}
	}
}

func (s *Service) trimAccount(ctx context.Context, account string) error {
	var refs []StreamRef
	after := ""
	for {
		page, err := s.store.StreamList(ctx, &store.StreamListParams{Account: account, After: after, Limit: 1000})
		if err != nil {
			return err
		}
		for _, st := range page {
			refs = append(refs, st.Ref)
		}
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].Ref.Name
	}
	for _, ref := range refs {
		if err := s.trimStream(ctx, ref); err != nil {
			return err
		}
	}
	return nil
}

// trimStream trims one stream; load removes it when its deletion is due.
func (s *Service) trimStream(ctx context.Context, ref StreamRef) error {
	v, err := s.load(ctx, ref)
	if errors.Is(err, ErrResourceNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	before := s.clock.Now().Add(-time.Duration(v.m.RetentionHours) * time.Hour)
	_, err = s.store.StreamTrim(ctx, ref, before)
	if errors.Is(err, store.ErrStreamNotFound) {
		return nil
	}
	return err
}
