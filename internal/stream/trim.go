package stream

import (
	"context"
	"errors"
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

// trimAll deletes the records past retention of every stream in the store,
// whichever account owns it, and removes streams whose deletion is due. A
// failure on one stream is logged and the pass goes on with the others.
func (s *Service) trimAll(ctx context.Context) {
	refs, err := s.store.StreamRefs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("stream retention trim cannot list streams", "err", err)
		}
		return
	}
	for _, ref := range refs {
		if err := s.trimStream(ctx, ref); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Error("stream retention trim", "account", ref.Account, "stream", ref.Name, "err", err)
		}
	}
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
