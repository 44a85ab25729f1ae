package push

import (
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	body := []byte(`{"message_id":"1","body":"like"}`)
	sig := Sign("s3cret", body)
	for _, tc := range []struct {
		name, secret, header string
		body                 []byte
		want                 bool
	}{
		{"genuine", "s3cret", sig, body, true},
		{"wrong secret", "other", sig, body, false},
		{"tampered body", "s3cret", sig, []byte(`{"message_id":"1","body":"dislike"}`), false},
		{"no prefix", "s3cret", sig[len("sha256="):], body, false},
		{"empty", "s3cret", "", body, false},
	} {
		if got := Verify(tc.secret, tc.body, tc.header); got != tc.want {
			t.Errorf("%s: Verify = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBackoffDoublesToItsCap(t *testing.T) {
	for count, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second,
		10: 512 * time.Second, 11: maxBackoff, 1000: maxBackoff} {
		if got := backoff(count); got != want {
			t.Errorf("backoff(%d) = %s, want %s", count, got, want)
		}
	}
}

func TestConfigOfDefaults(t *testing.T) {
	cfg := configOf(map[string]string{"SluicePushEndpoint": "http://127.0.0.1:9/x"})
	if cfg.Concurrency != 1 || cfg.Timeout != 30*time.Second || cfg.Secret != "" {
		t.Errorf("defaults = %+v", cfg)
	}
	cfg = configOf(map[string]string{"SluicePushEndpoint": "http://h/", "SluicePushConcurrency": "8", "SluicePushTimeout": "5"})
	if cfg.Concurrency != 8 || cfg.Timeout != 5*time.Second {
		t.Errorf("set = %+v", cfg)
	}
}
