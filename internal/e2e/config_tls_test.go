package e2e

import (
	"crypto/tls"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/sluicemq/sluice/internal/servertest"
	"github.com/sluicemq/sluice/sdkhttp"
)

// protoRecorder remembers the protocol of every response it carries.
type protoRecorder struct {
	next   http.RoundTripper
	mu     sync.Mutex
	protos []string
}

func (p *protoRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := p.next.RoundTrip(r)
	if err == nil {
		p.mu.Lock()
		p.protos = append(p.protos, resp.Proto)
		p.mu.Unlock()
	}
	return resp, err
}

func (p *protoRecorder) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.protos...)
}

func TestConfigTLS_SDKOverHTTP2(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	certFile, keyFile, roots := servertest.SelfSignedCert(t)
	cfg := loadConfig(t, "tls:\n  cert_file: "+certFile+"\n  key_file: "+keyFile+"\nqueues:\n  - name: secure\n")
	srv := servertest.Start(t, servertest.WithConfig(cfg))
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") {
		t.Fatalf("URL = %s, want https", srv.URL)
	}
	rec := &protoRecorder{next: &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: true,
	}}
	httpClient := &http.Client{Transport: &sdkhttp.Transport{Base: rec}}
	if code := readyz(t, httpClient, srv.URL); code != http.StatusOK {
		t.Fatalf("readyz over TLS = %d, want 200", code)
	}

	sq := srv.SQS(t, func(o *sqs.Options) { o.HTTPClient = httpClient })
	url, err := sq.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("secure")})
	if err != nil {
		t.Fatalf("GetQueueUrl over TLS: %v", err)
	}
	if want := srv.URL + "/" + account + "/secure"; aws.ToString(url.QueueUrl) != want {
		t.Errorf("QueueUrl = %s, want %s", aws.ToString(url.QueueUrl), want)
	}
	if _, err := sq.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: aws.String("over h2")}); err != nil {
		t.Fatalf("SendMessage over TLS: %v", err)
	}
	got, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: url.QueueUrl})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "over h2" {
		t.Fatalf("ReceiveMessage over TLS = %v, %v; want the message", got, err)
	}
	kc := srv.Kinesis(t, func(o *kinesis.Options) { o.HTTPClient = httpClient })
	if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("secure"), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("Kinesis CreateStream over TLS: %v", err)
	}

	protos := rec.seen()
	if len(protos) < 5 {
		t.Fatalf("recorded %d responses, want at least 5", len(protos))
	}
	for i, p := range protos {
		if p != "HTTP/2.0" {
			t.Errorf("response %d came over %s, want HTTP/2.0", i, p)
		}
	}

	// A client that does not trust the certificate is refused.
	untrusting := srv.SQS(t, func(o *sqs.Options) { o.HTTPClient = &http.Client{} })
	if _, err := untrusting.ListQueues(ctx, &sqs.ListQueuesInput{}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("ListQueues without trusting the certificate = %v, want a certificate error", err)
	}
}
