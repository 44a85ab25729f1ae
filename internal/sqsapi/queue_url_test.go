package sqsapi

import (
	"context"
	"errors"
	"testing"

	"github.com/sluicemq/sluice/internal/awsproto"
	"github.com/sluicemq/sluice/internal/queue"
)

func TestParseQueueURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw    string
		want   queue.QueueRef
		wantOK bool
	}{
		{"https://sqs.us-east-1.amazonaws.com/123456789012/orders", queue.QueueRef{Account: "123456789012", Name: "orders"}, true},
		{"http://localhost:4566/000000000000/likes.fifo", queue.QueueRef{Account: "000000000000", Name: "likes.fifo"}, true},
		{"http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/q", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"http://localhost:4566/queue/us-east-1/000000000000/q", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"http://queue:4566/000000000000/q/", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"/000000000000/q", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"000000000000/q", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"/queue/eu-central-1/000000000000/q", queue.QueueRef{Account: "000000000000", Name: "q"}, true},
		{"q", queue.QueueRef{}, false},
		{"", queue.QueueRef{}, false},
		{"/", queue.QueueRef{}, false},
		{"http://localhost:4566/", queue.QueueRef{}, false},
		{"http://localhost:4566/000000000000", queue.QueueRef{}, false},
		{"http://localhost:4566/a/b/c", queue.QueueRef{}, false},
		{"http://localhost:4566/000000000000//q", queue.QueueRef{}, false},
		{"http:///000000000000/q", queue.QueueRef{}, false},
		{"http://[::1/000000000000/q", queue.QueueRef{}, false},
	}
	for _, tt := range tests {
		got, ok := parseQueueURL(tt.raw)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("parseQueueURL(%q) = %+v, %v; want %+v, %v", tt.raw, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestResolveQueue(t *testing.T) {
	t.Parallel()
	a := New(nil, Options{})
	own := queue.QueueRef{Account: "000000000000", Name: "q"}
	tests := []struct {
		name     string
		path     string
		queueURL string
		want     queue.QueueRef
		wantErr  string // JSON error type, empty for success
	}{
		{"OwnAccount", "/", "http://elsewhere:1234/000000000000/q", own, ""},
		{"OtherAccount", "/", "http://localhost:4566/111111111111/q", queue.QueueRef{}, "QueueDoesNotExist"},
		{"QueryPathFallback", "/000000000000/q", "", own, ""},
		{"QueryPathOtherAccount", "/111111111111/q", "", queue.QueueRef{}, "QueueDoesNotExist"},
		{"ParameterWinsOverPath", "/000000000000/other", "/000000000000/q", own, ""},
		{"Missing", "/", "", queue.QueueRef{}, "MissingRequiredParameterException"},
		{"BareName", "/", "q", own, ""},
		{"NoHost", "/", "http:///000000000000/q", queue.QueueRef{}, "QueueDoesNotExist"},
		{"WrongShape", "/", "http://localhost:4566/a/b/c", queue.QueueRef{}, "QueueDoesNotExist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := awsproto.WithRequest(context.Background(), &awsproto.Request{Account: "000000000000", Path: tt.path})
			got, err := a.resolveQueue(ctx, tt.queueURL)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("resolveQueue = %+v, %v; want %+v", got, err, tt.want)
				}
				return
			}
			var awsErr *awsproto.Error
			if !errors.As(err, &awsErr) || awsErr.Type != tt.wantErr {
				t.Fatalf("resolveQueue error = %v; want type %s", err, tt.wantErr)
			}
		})
	}
}

func TestQueueURL(t *testing.T) {
	t.Parallel()
	ref := queue.QueueRef{Account: "000000000000", Name: "q.fifo"}
	tests := []struct {
		name       string
		advertised string
		req        *awsproto.Request
		want       string
	}{
		{"FromHost", "", &awsproto.Request{Scheme: "http", Host: "queue:4566"}, "http://queue:4566/000000000000/q.fifo"},
		{"HTTPS", "", &awsproto.Request{Scheme: "https", Host: "sqs.example.com"}, "https://sqs.example.com/000000000000/q.fifo"},
		{"Advertised", "https://mq.example.com/", &awsproto.Request{Scheme: "http", Host: "10.0.0.1:4566"}, "https://mq.example.com/000000000000/q.fifo"},
		{"NoRequest", "", &awsproto.Request{}, "http://localhost/000000000000/q.fifo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := New(nil, Options{AdvertisedURL: tt.advertised})
			ctx := awsproto.WithRequest(context.Background(), tt.req)
			if got := a.queueURL(ctx, ref); got != tt.want {
				t.Errorf("queueURL = %q, want %q", got, tt.want)
			}
			// A URL the API hands out must resolve back to the same queue.
			back, ok := parseQueueURL(a.queueURL(ctx, ref))
			if !ok || back != ref {
				t.Errorf("parseQueueURL(queueURL) = %+v, %v; want %+v", back, ok, ref)
			}
		})
	}
}
