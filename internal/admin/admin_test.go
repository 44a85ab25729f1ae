package admin_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/sluicemq/sluice/internal/admin"
	"github.com/sluicemq/sluice/internal/clock/clocktest"
	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

var t0 = time.Date(2026, time.May, 1, 12, 0, 0, 0, time.UTC)

// env is a server on a fake clock with an SQS client and an admin client.
type env struct {
	t   *testing.T
	ctx context.Context
	clk *clocktest.Fake
	srv *servertest.Server
	sqs *sqs.Client
	api *admin.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := clocktest.New(t0)
	srv := servertest.Start(t, servertest.WithClock(clk))
	e := &env{t: t, ctx: t.Context(), clk: clk, srv: srv, sqs: srv.SQS(t), api: admin.NewClient(srv.URL, nil)}
	if _, err := e.api.Session(e.ctx); err != nil {
		t.Fatalf("GET session: %v", err)
	}
	return e
}

// do sends one admin request and fails the test on an error answer.
func (e *env) do(method, path string, in, out any) {
	e.t.Helper()
	if err := e.api.Do(e.ctx, method, path, in, out); err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
}

// wantStatus sends one admin request and checks it is refused with status.
func wantStatus(t *testing.T, c *admin.Client, status int, method, path string, in any) {
	t.Helper()
	err := c.Do(t.Context(), method, path, in, nil)
	var se *admin.StatusError
	if !errors.As(err, &se) || se.Status != status {
		t.Fatalf("%s %s = %v, want status %d", method, path, err, status)
	}
}

func (e *env) createQueue(name string, attrs map[string]string) string {
	e.t.Helper()
	out, err := e.sqs.CreateQueue(e.ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		e.t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return *out.QueueUrl
}

func (e *env) sendSDK(url string, bodies ...string) {
	e.t.Helper()
	for _, b := range bodies {
		if _, err := e.sqs.SendMessage(e.ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(b)}); err != nil {
			e.t.Fatalf("SendMessage: %v", err)
		}
	}
}

func (e *env) receiveSDK(url string, max int32) []sqstypes.Message {
	e.t.Helper()
	out, err := e.sqs.ReceiveMessage(e.ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: max,
		MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{sqstypes.MessageSystemAttributeNameAll}})
	if err != nil {
		e.t.Fatalf("ReceiveMessage: %v", err)
	}
	return out.Messages
}

func (e *env) queue(name string) admin.QueueDetail {
	e.t.Helper()
	var d admin.QueueDetail
	e.do(http.MethodGet, "/queues/000000000000/"+name, nil, &d)
	return d
}

func TestListAndPeekChangeNothing(t *testing.T) {
	e := newEnv(t)
	url := e.createQueue("orders", map[string]string{"VisibilityTimeout": "30"})
	e.sendSDK(url, "a", "b", "<script>alert(1)</script>")
	held := e.receiveSDK(url, 1)
	var list admin.QueueList
	e.do(http.MethodGet, "/queues", nil, &list)
	if len(list.Queues) != 1 || list.Queues[0].Name != "orders" || list.Queues[0].Visible != 2 || list.Queues[0].InFlight != 1 {
		t.Fatalf("queues = %+v, want orders with 2 visible and 1 in flight", list.Queues)
	}
	if list.Queues[0].URL != url {
		t.Errorf("URL = %q, want %q", list.Queues[0].URL, url)
	}
	var peek admin.Peek
	for range 3 {
		e.do(http.MethodGet, "/queues/000000000000/orders/messages", nil, &peek)
	}
	if len(peek.Messages) != 3 || peek.Messages[0].State != "in_flight" || peek.Messages[0].ReceiveCount != 1 ||
		peek.Messages[2].Body != "<script>alert(1)</script>" || peek.Messages[2].State != "visible" {
		t.Fatalf("peek = %+v", peek.Messages)
	}
	e.do(http.MethodGet, "/queues/000000000000/orders/messages?state=in_flight", nil, &peek)
	if len(peek.Messages) != 1 || peek.Messages[0].MessageID != *held[0].MessageId {
		t.Fatalf("peek of in_flight = %+v, want the received message", peek.Messages)
	}
	got := e.receiveSDK(url, 10)
	e.clk.Advance(31 * time.Second)
	again := e.receiveSDK(url, 10)
	counts := map[string]string{}
	for _, m := range append(got, again...) {
		counts[*m.Body] = m.Attributes["ApproximateReceiveCount"]
	}
	if counts["a"] != "2" || counts["b"] != "2" || counts["<script>alert(1)</script>"] != "2" {
		t.Fatalf("receive counts after peeks = %v, want 2 each (one receive each before and after the timeout)", counts)
	}
}

func TestChangesNeedTheCSRFToken(t *testing.T) {
	e := newEnv(t)
	e.createQueue("orders", nil)
	bare := admin.NewClient(e.srv.URL, nil) // never asked for the token
	wantStatus(t, bare, http.StatusForbidden, http.MethodPost, "/queues/000000000000/orders/messages", admin.Send{Body: "x"})
	wantStatus(t, bare, http.StatusForbidden, http.MethodPost, "/queues/000000000000/orders/purge", nil)
	if d := e.queue("orders"); d.Visible != 0 {
		t.Fatalf("a refused send stored %d messages", d.Visible)
	}
}

func TestSendRemovePurgeAndAttributes(t *testing.T) {
	e := newEnv(t)
	url := e.createQueue("jobs.fifo", map[string]string{"FifoQueue": "true"})
	var sent admin.SendResult
	e.do(http.MethodPost, "/queues/000000000000/jobs.fifo/messages",
		admin.Send{Body: "job", GroupID: "g", DedupID: "d", Repeat: 25,
			Attributes: map[string]admin.MessageAttribute{"kind": {DataType: "String", StringValue: "test"}}}, &sent)
	if sent.Sent != 25 || len(sent.MessageIDs) != 10 {
		t.Fatalf("send = %+v, want 25 sent and 10 ids shown", sent)
	}
	got := e.receiveSDK(url, 1)
	if len(got) != 1 || *got[0].Body != "job" {
		t.Fatalf("SDK receive = %v, want the console's message", got)
	}
	var peek admin.Peek
	e.do(http.MethodGet, "/queues/000000000000/jobs.fifo/messages?state=visible&max=1", nil, &peek)
	if len(peek.Messages) != 1 || peek.Messages[0].Attributes["kind"].StringValue != "test" || peek.Messages[0].GroupID != "g" {
		t.Fatalf("peek = %+v, want a visible message of group g with its attribute", peek.Messages)
	}
	e.do(http.MethodDelete, "/queues/000000000000/jobs.fifo/messages/"+peek.Messages[0].Key, nil, nil)
	wantStatus(t, e.api, http.StatusNotFound, http.MethodDelete, "/queues/000000000000/jobs.fifo/messages/"+peek.Messages[0].Key, nil)
	if d := e.queue("jobs.fifo"); d.Visible != 23 || d.InFlight != 1 {
		t.Fatalf("after a delete: %d visible, %d in flight; want 23 and 1", d.Visible, d.InFlight)
	}
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodPut, "/queues/000000000000/jobs.fifo/attributes",
		admin.SetAttributes{Attributes: map[string]string{"SluiceDeliveryRate": "fast"}})
	var d admin.QueueDetail
	e.do(http.MethodPut, "/queues/000000000000/jobs.fifo/attributes",
		admin.SetAttributes{Attributes: map[string]string{"SluiceDeliveryRate": "2.5"}}, &d)
	if d.DeliveryRate != "2.5" {
		t.Fatalf("delivery rate = %q, want 2.5", d.DeliveryRate)
	}
	attrs, err := e.sqs.GetQueueAttributes(e.ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{"SluiceDeliveryRate"}})
	if err != nil || attrs.Attributes["SluiceDeliveryRate"] != "2.5" {
		t.Fatalf("SDK sees SluiceDeliveryRate %v (%v), want 2.5", attrs.Attributes, err)
	}
	e.do(http.MethodPost, "/queues/000000000000/jobs.fifo/purge", nil, nil)
	wantStatus(t, e.api, http.StatusConflict, http.MethodPost, "/queues/000000000000/jobs.fifo/purge", nil)
	if d := e.queue("jobs.fifo"); d.Visible+d.InFlight != 0 {
		t.Fatalf("after purge: %d visible, %d in flight", d.Visible, d.InFlight)
	}
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodPost, "/queues/000000000000/jobs.fifo/messages", admin.Send{Body: "x", Repeat: 10001})
	wantStatus(t, e.api, http.StatusNotFound, http.MethodGet, "/queues/000000000000/nope/messages", nil)
}

func TestHistoryAndBacklog(t *testing.T) {
	e := newEnv(t)
	url := e.createQueue("likes", nil)
	e.do(http.MethodPost, "/queues/000000000000/likes/messages", admin.Send{Body: "like", Repeat: 30}, nil)
	e.clk.Advance(time.Second)
	for _, m := range e.receiveSDK(url, 10) {
		if _, err := e.sqs.DeleteMessage(e.ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
	}
	e.clk.Advance(time.Second)
	var h admin.QueueHistory
	e.do(http.MethodGet, "/queues/000000000000/likes/history?range=1m", nil, &h)
	n := len(h.Sent)
	if n != 60 || h.StepSeconds != 1 || h.Sent[n-3] != 30 || h.Deleted[n-2] != 10 || h.Received[n-2] != 10 {
		t.Fatalf("history: %d steps of %ds, sent %v, deleted %v", n, h.StepSeconds, h.Sent[n-3:], h.Deleted[n-3:])
	}
	if h.Backlog[n-1] != 20 || h.Backlog[n-3] != 30 || h.Backlog[n-4] != 0 {
		t.Fatalf("backlog = %v, want ... 0, 30, 20, 20", h.Backlog[n-4:])
	}
	var list admin.QueueList
	e.do(http.MethodGet, "/queues", nil, &list)
	if q := list.Queues[0]; q.InRate != 3 || q.OutRate != 1 || len(q.SparkIn) != 60 {
		t.Fatalf("rates in %v out %v (spark %d), want 3 and 1 over 10 s", q.InRate, q.OutRate, len(q.SparkIn))
	}
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodGet, "/queues/000000000000/likes/history?range=2d", nil)
}

func TestDeadLetterPeekAndRedrive(t *testing.T) {
	e := newEnv(t)
	e.createQueue("src-dlq", nil)
	src := e.createQueue("src", map[string]string{"VisibilityTimeout": "5",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:src-dlq","maxReceiveCount":"1"}`})
	e.sendSDK(src, "poison")
	e.receiveSDK(src, 1)
	e.clk.Advance(6 * time.Second)
	if got := e.receiveSDK(src, 1); len(got) != 0 {
		t.Fatalf("the message was not dead-lettered: %v", got)
	}
	var peek admin.Peek
	e.do(http.MethodGet, "/queues/000000000000/src/messages?dlq=true", nil, &peek)
	if peek.Queue.Name != "src-dlq" || len(peek.Messages) != 1 || peek.Messages[0].Body != "poison" || peek.Messages[0].DeadLetterSource != "src" {
		t.Fatalf("DLQ peek = %+v", peek)
	}
	if d := e.queue("src"); d.DeadLetterQueue == nil || d.DeadLetterQueue.Depth != 1 {
		t.Fatalf("dead-letter queue = %+v, want src-dlq with depth 1", d.DeadLetterQueue)
	}
	var task admin.MoveTask
	e.do(http.MethodPost, "/queues/000000000000/src-dlq/redrive", admin.Redrive{}, &task)
	if task.Status == "" || task.Source == "" {
		t.Fatalf("redrive = %+v", task)
	}
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	for {
		var tasks admin.MoveTasks
		e.do(http.MethodGet, "/queues/000000000000/src-dlq/redrive", nil, &tasks)
		if len(tasks.Tasks) == 1 && tasks.Tasks[0].Status == "COMPLETED" && tasks.Tasks[0].Moved == 1 {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("the redrive never completed: %+v", tasks)
		}
	}
	if got := e.receiveSDK(src, 1); len(got) != 1 || *got[0].Body != "poison" {
		t.Fatalf("after the redrive src gives %v, want the message back", got)
	}
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodPost, "/queues/000000000000/src/redrive", admin.Redrive{})
}

func TestCreateAndDeleteQueues(t *testing.T) {
	e := newEnv(t)
	var sum admin.QueueSummary
	e.do(http.MethodPost, "/queues", admin.CreateQueue{Name: "made", Attributes: map[string]string{"DelaySeconds": "5"}}, &sum)
	if sum.Name != "made" || sum.Account != "000000000000" {
		t.Fatalf("created %+v", sum)
	}
	e.do(http.MethodPost, "/queues", admin.CreateQueue{Account: "111122223333", Name: "theirs"}, nil)
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodPost, "/queues", admin.CreateQueue{Name: "bad name!"})
	wantStatus(t, e.api, http.StatusBadRequest, http.MethodPost, "/queues", admin.CreateQueue{Name: "x", Account: "12"})
	var list admin.QueueList
	e.do(http.MethodGet, "/queues", nil, &list)
	if len(list.Queues) != 2 {
		t.Fatalf("open API lists %+v, want the queues of both accounts", list.Queues)
	}
	e.do(http.MethodDelete, "/queues/000000000000/made", nil, nil)
	wantStatus(t, e.api, http.StatusNotFound, http.MethodGet, "/queues/000000000000/made", nil)
	wantStatus(t, e.api, http.StatusNotFound, http.MethodGet, "/nothing", nil)
	wantStatus(t, e.api, http.StatusUnsupportedMediaType, http.MethodPost, "/queues", nil)
}

func TestSignInAndIsolation(t *testing.T) {
	srv := servertest.Start(t, servertest.WithCredentials(
		serverCredential("AKIDALICE", "alice-secret", "111111111111"),
		serverCredential("AKIDBOB", "bob-secret", "222222222222")))
	ctx := t.Context()
	bob := sqs.NewFromConfig(srv.AWSConfigAs("AKIDBOB", "bob-secret"))
	if _, err := bob.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bobs")}); err != nil {
		t.Fatal(err)
	}
	alice := sqs.NewFromConfig(srv.AWSConfigAs("AKIDALICE", "alice-secret"))
	if _, err := alice.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("alices")}); err != nil {
		t.Fatal(err)
	}
	c := admin.NewClient(srv.URL, nil)
	s, err := c.Session(ctx)
	if err != nil || !s.AuthRequired || s.SignedIn || s.CSRF != "" {
		t.Fatalf("session before sign-in = %+v, %v", s, err)
	}
	wantStatus(t, c, http.StatusUnauthorized, http.MethodGet, "/queues", nil)
	wantStatus(t, c, http.StatusUnauthorized, http.MethodGet, "/queues/222222222222/bobs/messages", nil)
	if _, err := c.SignIn(ctx, "AKIDALICE", "bob-secret"); err == nil {
		t.Fatal("sign-in with another key's secret succeeded")
	}
	wantStatus(t, c, http.StatusUnauthorized, http.MethodGet, "/queues", nil)
	if s, err = c.SignIn(ctx, "AKIDALICE", "alice-secret"); err != nil || s.Account != "111111111111" || s.CSRF == "" {
		t.Fatalf("sign-in = %+v, %v", s, err)
	}
	var list admin.QueueList
	if err := c.Do(ctx, http.MethodGet, "/queues", nil, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Queues) != 1 || list.Queues[0].Name != "alices" {
		t.Fatalf("alice sees %+v, want only her queue", list.Queues)
	}
	for _, path := range []string{"/queues/222222222222/bobs", "/queues/222222222222/bobs/messages", "/queues/222222222222/bobs/history"} {
		wantStatus(t, c, http.StatusNotFound, http.MethodGet, path, nil)
	}
	wantStatus(t, c, http.StatusNotFound, http.MethodPost, "/queues/222222222222/bobs/purge", nil)
	wantStatus(t, c, http.StatusForbidden, http.MethodPost, "/queues", admin.CreateQueue{Account: "222222222222", Name: "planted"})
	if err := c.Do(ctx, http.MethodDelete, "/session", nil, nil); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	wantStatus(t, c, http.StatusUnauthorized, http.MethodGet, "/queues", nil)
}

func TestSessionCookieFlags(t *testing.T) {
	srv := servertest.Start(t, servertest.WithCredentials(serverCredential("AKIDALICE", "alice-secret", "111111111111")))
	body := strings.NewReader(`{"access_key_id":"AKIDALICE","secret_access_key":"alice-secret"}`)
	resp, err := http.Post(srv.URL+"/admin/api/session", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Path != "/admin/api/" {
		t.Fatalf("cookies = %+v, want one HttpOnly SameSite=Strict cookie on /admin/api/", cookies)
	}
	form, err := http.Post(srv.URL+"/admin/api/session", "application/x-www-form-urlencoded",
		strings.NewReader("access_key_id=AKIDALICE&secret_access_key=alice-secret"))
	if err != nil {
		t.Fatal(err)
	}
	form.Body.Close()
	if form.StatusCode != http.StatusUnsupportedMediaType || len(form.Cookies()) != 0 {
		t.Fatalf("a form sign-in answered %d with %d cookies, want 415 and none", form.StatusCode, len(form.Cookies()))
	}
}

func serverCredential(key, secret, account string) server.Credential {
	return server.Credential{AccessKey: key, Secret: secret, Account: account}
}
