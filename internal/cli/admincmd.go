package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sluicemq/sluice/internal/admin"
	"github.com/sluicemq/sluice/internal/config"
)

// defaultAdminTimeout bounds one admin command (a tail with --follow has
// none).
const defaultAdminTimeout = 30 * time.Second

// adminFlags are the flags every admin command takes: the server is found
// as healthcheck finds it, and signed in to with a configured credential.
type adminFlags struct {
	config    *config.Flags
	endpoint  *string
	accessKey *string
	output    *string
	timeout   *time.Duration
}

// addAdminFlags registers the admin flags on fs.
func addAdminFlags(fs *flag.FlagSet) *adminFlags {
	f := &adminFlags{config: config.RegisterFlags(fs)}
	f.endpoint = fs.String("endpoint", "",
		"base `URL` of the server, e.g. https://sluice:4566 (default: from the configured listen address and TLS)")
	f.accessKey = fs.String("access-key", "",
		"sign in with this configured access `key` (default: the first of --credential / SLUICE_CREDENTIALS, else AWS_ACCESS_KEY_ID)")
	f.output = fs.String("o", "table", "output `format`: table or json")
	f.timeout = fs.Duration("timeout", defaultAdminTimeout, "give up after this `duration`")
	return f
}

// adminUsage prints a command's usage and the flags it shares with the
// other admin commands.
func adminUsage(fs *flag.FlagSet, usage string, own ...string) func() {
	return func() {
		fmt.Fprintf(fs.Output(), "%s\nFlags:\n", usage)
		printFlags(fs, append(own, "o", "endpoint", "access-key", "timeout", "config", "listen", "tls-cert", "credential")...)
	}
}

// adminSession is a connected admin client and how to print.
type adminSession struct {
	client *admin.Client
	// account is the signed-in account, empty when the server is open.
	account string
	json    bool
	out     io.Writer
}

// connect finds the server, asks for a session and, when the server wants
// it, signs in.
func (f *adminFlags) connect(ctx context.Context, stdio IO) (*adminSession, error) {
	switch *f.output {
	case "table", "json":
	default:
		return nil, fmt.Errorf("-o %q: want table or json", *f.output)
	}
	c, err := config.Load(f.config, stdio.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("configuration: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	c.EnsureDefaults()
	base, hc, err := healthTarget(c, *f.endpoint)
	if err != nil {
		return nil, err
	}
	s := &adminSession{client: admin.NewClient(base, hc), json: *f.output == "json", out: stdio.Out}
	sess, err := s.client.Session(ctx)
	if err != nil {
		return nil, fmt.Errorf("admin API of %s: %w", base, err)
	}
	if !sess.AuthRequired {
		return s, nil
	}
	key, secret, err := f.credential(c, stdio.LookupEnv)
	if err != nil {
		return nil, err
	}
	if sess, err = s.client.SignIn(ctx, key, secret); err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", key, err)
	}
	s.account = sess.Account
	return s, nil
}

// credential picks the key to sign in with: --access-key among the
// configured credentials, else the first configured one, else
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
func (f *adminFlags) credential(c *config.Config, lookupEnv func(string) (string, bool)) (string, string, error) {
	for _, cr := range c.Credentials {
		if *f.accessKey == "" || cr.AccessKey == *f.accessKey {
			return cr.AccessKey, cr.Secret, nil
		}
	}
	if lookupEnv != nil {
		key, _ := lookupEnv("AWS_ACCESS_KEY_ID")
		secret, _ := lookupEnv("AWS_SECRET_ACCESS_KEY")
		if key != "" && secret != "" && (*f.accessKey == "" || key == *f.accessKey) {
			return key, secret, nil
		}
	}
	if *f.accessKey != "" {
		return "", "", fmt.Errorf("the server asks to sign in, and access key %q is not configured (--credential, SLUICE_CREDENTIALS or AWS_ACCESS_KEY_ID)", *f.accessKey)
	}
	return "", "", errors.New("the server asks to sign in: give --credential KEY:SECRET:ACCOUNT, SLUICE_CREDENTIALS, " +
		"or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
}

// queuePath turns a queue argument (name, account/name or queue URL) into
// its admin API path.
func (s *adminSession) queuePath(arg string) (string, error) {
	account, name := s.account, arg
	if u, err := url.Parse(arg); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		arg = strings.Trim(u.Path, "/")
	}
	if a, n, ok := strings.Cut(arg, "/"); ok {
		account, name = a, n
	}
	if account == "" {
		account = admin.DefaultAccount
	}
	if name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("queue %q: want a name, ACCOUNT/NAME or a queue URL", arg)
	}
	return "/queues/" + url.PathEscape(account) + "/" + url.PathEscape(name), nil
}

// streamPath turns a stream argument (name or account/name) into its admin
// API path.
func (s *adminSession) streamPath(arg string) (string, error) {
	account, name := s.account, arg
	if a, n, ok := strings.Cut(arg, "/"); ok {
		account, name = a, n
	}
	if account == "" {
		account = admin.DefaultAccount
	}
	if name == "" || strings.Contains(name, "/") {
		return "", fmt.Errorf("stream %q: want a name or ACCOUNT/NAME", arg)
	}
	return "/streams/" + url.PathEscape(account) + "/" + url.PathEscape(name), nil
}

// get, post and call send one request and decode the answer into out.
func (s *adminSession) get(ctx context.Context, path string, out any) error {
	return s.call(ctx, http.MethodGet, path, nil, out)
}

func (s *adminSession) post(ctx context.Context, path string, in, out any) error {
	return s.call(ctx, http.MethodPost, path, in, out)
}

func (s *adminSession) call(ctx context.Context, method, path string, in, out any) error {
	err := s.client.Do(ctx, method, path, in, out)
	var se *admin.StatusError
	if errors.As(err, &se) {
		return errors.New(se.Body.Message)
	}
	return err
}

// printJSON writes v as indented JSON.
func (s *adminSession) printJSON(v any) error {
	enc := json.NewEncoder(s.out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table writes rows under a header, columns aligned.
func (s *adminSession) table(header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// oneLine makes text fit one table cell: control characters shown
// escaped, cut to max runes.
func oneLine(text string, max int) string {
	q := strings.Trim(fmt.Sprintf("%q", text), `"`)
	if r := []rune(q); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return q
}

// parseInterleaved parses flags that may come before, between or after
// the positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// wantArgs checks the count of positional arguments.
func wantArgs(fs *flag.FlagSet, pos []string, n int, what string) error {
	if len(pos) != n {
		fmt.Fprintf(fs.Output(), "%s: want %s\n", fs.Name(), what)
		fs.Usage()
		return errUsage
	}
	return nil
}
