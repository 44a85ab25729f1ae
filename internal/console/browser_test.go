package console_test

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

// browserTimeout bounds each browser test.
const browserTimeout = 60 * time.Second

// chromiumPath finds the browser: $SLUICE_CHROMIUM, else chromium or
// Chrome on PATH. Without one the browser tests skip, unless
// SLUICE_REQUIRE_CHROMIUM=1 makes that a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SLUICE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("SLUICE_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("no chromium found (apt-get install chromium, or set SLUICE_CHROMIUM), and SLUICE_REQUIRE_CHROMIUM=1")
	}
	t.Skip("browser tests skipped: no chromium found (apt-get install chromium, or set SLUICE_CHROMIUM); " +
		"SLUICE_REQUIRE_CHROMIUM=1 makes this a failure")
	return ""
}

// browser is one headless chromium shared by the subtests of a test.
type browser struct {
	ctx context.Context
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)), chromedp.NoSandbox, chromedp.Headless,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-gpu", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{ctx: ctx}
}

// tab is one page under test, with what it fetched and threw.
type tab struct {
	t      *testing.T
	ctx    context.Context
	origin string

	mu         sync.Mutex
	foreign    []string
	exceptions []string
}

// open opens a tab on url, which must be of origin; the tab fails the test
// at its end if it fetched from anywhere else or threw an exception.
func (b *browser) open(t *testing.T, origin, url string) *tab {
	t.Helper()
	tb := &tab{t: t, origin: origin}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(tb.listen))
	ctx, cancelTimeout := context.WithTimeout(ctx, browserTimeout)
	tb.ctx = ctx
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		if len(tb.foreign) > 0 {
			t.Errorf("the page fetched from other origins: %v", tb.foreign)
		}
		if len(tb.exceptions) > 0 {
			t.Errorf("the page threw: %v", tb.exceptions)
		}
	})
	tb.do(chromedp.Navigate(url))
	return tb
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if u := ev.Request.URL; !strings.HasPrefix(u, tb.origin+"/") && !strings.HasPrefix(u, "data:") {
			tb.foreign = append(tb.foreign, u)
		}
	case *runtime.EventExceptionThrown:
		tb.exceptions = append(tb.exceptions, ev.ExceptionDetails.Text)
	}
}

// do runs actions, failing the test on an error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// eval evaluates a JavaScript expression to T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// until waits for a JavaScript predicate to hold, as the page refreshes.
func (tb *tab) until(what, predicate string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](predicate,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		tb.t.Fatalf("%s: never true (%s): %v", what, predicate, err)
	}
}

// consoleEnv is a server with an SQS client and a browser.
type consoleEnv struct {
	srv *servertest.Server
	sqs *sqs.Client
	b   *browser
}

func (e *consoleEnv) createQueue(t *testing.T, name string) string {
	t.Helper()
	out, err := e.sqs.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String(name)})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	return *out.QueueUrl
}

func (e *consoleEnv) send(t *testing.T, url string, bodies ...string) {
	t.Helper()
	for i := 0; i < len(bodies); i += 10 {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for k, b := range bodies[i:min(i+10, len(bodies))] {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String("m" + strconv.Itoa(k)), MessageBody: aws.String(b)})
		}
		if _, err := e.sqs.SendMessageBatch(t.Context(), &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries}); err != nil {
			t.Fatalf("SendMessageBatch: %v", err)
		}
	}
}

func (e *consoleEnv) page(t *testing.T, fragment string) *tab {
	t.Helper()
	return e.b.open(t, e.srv.URL, e.srv.URL+"/console/"+fragment)
}

// receiveCounts receives every visible message and returns its
// ApproximateReceiveCount by body.
func (e *consoleEnv) receiveCounts(t *testing.T, url string) map[string]string {
	t.Helper()
	out, err := e.sqs.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
		WaitTimeSeconds: 5, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"ApproximateReceiveCount"}})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	counts := map[string]string{}
	for _, m := range out.Messages {
		counts[*m.Body] = m.Attributes["ApproximateReceiveCount"]
	}
	return counts
}

func TestConsole(t *testing.T) {
	srv := servertest.Start(t)
	e := &consoleEnv{srv: srv, sqs: srv.SQS(t), b: newBrowser(t)}
	t.Run("QueueAppearsAndDepthUpdates", func(t *testing.T) {
		url := e.createQueue(t, "appears")
		tb := e.page(t, "#/queues")
		tb.do(chromedp.WaitVisible(`tr[data-queue="000000000000/appears"]`))
		e.send(t, url, "a", "b", "c")
		tb.until("the depth shows 3", `document.querySelector('tr[data-queue="000000000000/appears"] td.visible')?.textContent === "3"`)
	})
	t.Run("PeekShowsBodiesAndChangesNothing", func(t *testing.T) {
		url := e.createQueue(t, "peeked")
		e.send(t, url, "first body", "second body")
		tb := e.page(t, "#/queue/000000000000/peeked")
		tb.until("two messages show", `document.querySelectorAll('#peek-list article.message').length === 2`)
		bodies := eval[[]string](tb, `[...document.querySelectorAll('#peek-list pre.body')].map(p => p.textContent)`)
		if strings.Join(bodies, "|") != "first body|second body" {
			t.Fatalf("peeked bodies = %q", bodies)
		}
		tb.do(chromedp.Click(`#peek-refresh`))
		tb.until("the refreshed peek shows them", `document.querySelectorAll('#peek-list article[data-receives="0"]').length === 2`)
		if counts := e.receiveCounts(t, url); counts["first body"] != "1" || counts["second body"] != "1" {
			t.Fatalf("receive counts after the peeks = %v, want 1 each", counts)
		}
	})
	t.Run("SendFromConsoleReachesTheSDK", func(t *testing.T) {
		url := e.createQueue(t, "sent-from-console")
		tb := e.page(t, "#/queue/000000000000/sent-from-console")
		tb.do(chromedp.WaitVisible(`#send-body`), chromedp.SetValue(`#send-body`, "hello from the console"),
			chromedp.SetValue(`#send-attrs`, "origin=console"), chromedp.Click(`#send`))
		out, err := e.sqs.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 10,
			MessageAttributeNames: []string{"All"}})
		if err != nil || len(out.Messages) != 1 || *out.Messages[0].Body != "hello from the console" ||
			*out.Messages[0].MessageAttributes["origin"].StringValue != "console" {
			t.Fatalf("SDK receive = %+v, %v; want the console's message with its attribute", out, err)
		}
	})
	t.Run("PurgeEmptiesTheQueue", func(t *testing.T) {
		url := e.createQueue(t, "purged")
		e.send(t, url, "x", "y")
		tb := e.page(t, "#/queue/000000000000/purged")
		tb.until("the depth shows 2", `document.querySelector('#queue-stats .visible .value')?.textContent === "2"`)
		eval[chromedp.Void](tb, `window.confirm = () => true`)
		tb.do(chromedp.Click(`#purge`))
		tb.until("the depth shows 0", `document.querySelector('#queue-stats .visible .value')?.textContent === "0"`)
		attrs, err := e.sqs.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
		if err != nil || attrs.Attributes["ApproximateNumberOfMessages"] != "0" {
			t.Fatalf("after the purge the SDK sees %v (%v)", attrs.Attributes, err)
		}
	})
	t.Run("ChartHasPointsAfterABurst", func(t *testing.T) {
		url := e.createQueue(t, "burst")
		bodies := make([]string, 200)
		for i := range bodies {
			bodies[i] = "burst " + strconv.Itoa(i)
		}
		e.send(t, url, bodies...)
		tb := e.page(t, "#/queue/000000000000/burst")
		tb.until("the chart drew the burst", `document.getElementById('chart')?.dataset.inTotal === "200" && Number(document.getElementById('chart')?.dataset.points) > 0`)
		tb.until("the drain estimate shows the backlog", `document.getElementById('drain')?.textContent.includes("Backlog 200")`)
	})
	t.Run("ScriptBodyRunsNothing", func(t *testing.T) {
		url := e.createQueue(t, "hostile")
		hostile := `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`
		e.send(t, url, hostile)
		tb := e.page(t, "#/queue/000000000000/hostile")
		tb.until("the body shows", `document.querySelectorAll('#peek-list pre.body').length === 1`)
		if got := eval[string](tb, `document.querySelector('#peek-list pre.body').textContent`); got != hostile {
			t.Fatalf("body shows as %q, want the text %q", got, hostile)
		}
		if n := eval[int](tb, `document.querySelectorAll('#peek-list img, #peek-list script').length`); n != 0 {
			t.Fatalf("the body made %d elements", n)
		}
		if pwned := eval[bool](tb, `window.__pwned !== undefined`); pwned {
			t.Fatal("the body's script ran")
		}
	})
}

func TestConsoleSignIn(t *testing.T) {
	alice := server.Credential{AccessKey: "AKIDALICE", Secret: "alice-secret", Account: "111111111111"}
	bob := server.Credential{AccessKey: "AKIDBOB", Secret: "bob-secret", Account: "222222222222"}
	srv := servertest.Start(t, servertest.WithCredentials(alice, bob))
	for _, c := range []server.Credential{alice, bob} {
		client := sqs.NewFromConfig(srv.AWSConfigAs(c.AccessKey, c.Secret))
		if _, err := client.CreateQueue(t.Context(), &sqs.CreateQueueInput{QueueName: aws.String("q-" + c.Account)}); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t)
	tb := b.open(t, srv.URL, srv.URL+"/console/#/queues")
	tb.do(chromedp.WaitVisible(`#signin`))
	if n := eval[int](tb, `document.querySelectorAll('#queues, #queue-rows tr').length`); n != 0 {
		t.Fatalf("before sign-in the page shows %d queue elements", n)
	}
	status := eval[int](tb, `fetch('/admin/api/queues').then(r => r.status)`)
	purge := eval[int](tb, `fetch('/admin/api/queues/222222222222/q-222222222222/purge', {method: 'POST'}).then(r => r.status)`)
	if status != 401 || purge != 401 {
		t.Fatalf("before sign-in the API answered %d to a list and %d to a purge, want 401", status, purge)
	}
	tb.do(chromedp.SetValue(`#signin-key`, "AKIDALICE"), chromedp.SetValue(`#signin-secret`, "bob-secret"), chromedp.Click(`#signin-submit`))
	tb.until("a wrong secret is refused", `document.getElementById('signin-error')?.textContent.includes("wrong")`)
	if n := eval[int](tb, `document.querySelectorAll('#queue-rows tr').length`); n != 0 {
		t.Fatalf("after a wrong secret the page shows %d queues", n)
	}
	tb.do(chromedp.SetValue(`#signin-secret`, "alice-secret"), chromedp.Click(`#signin-submit`))
	tb.until("alice's queue shows", `document.querySelectorAll('#queue-rows tr').length === 1`)
	rows := eval[[]string](tb, `[...document.querySelectorAll('#queue-rows tr')].map(r => r.dataset.queue)`)
	if len(rows) != 1 || rows[0] != "111111111111/q-111111111111" {
		t.Fatalf("alice sees %v, want only her queue", rows)
	}
	other := eval[int](tb, `fetch('/admin/api/queues/222222222222/q-222222222222/messages').then(r => r.status)`)
	if other != 404 {
		t.Fatalf("alice peeking bob's queue got %d, want 404", other)
	}
	if cookie := eval[string](tb, `document.cookie`); strings.Contains(cookie, "sluice_session") {
		t.Fatalf("the session cookie is readable by scripts: %q", cookie)
	}
}
