package houserules

// The tables of the house rules. To let a place break a rule, add an
// entry with its reason; a debt to pay back says "to fix: <what>".

// clockAllowed are the places of non-test code that may read the wall
// clock (rule "time comes from the clock").
var clockAllowed = []Exception{
	{Path: "internal/clock", Reason: "the clock itself: the one reader of the wall clock"},
	{Path: "internal/server", Reason: "the composition root constructs clock.Real unless a clock is injected"},
	{Path: "internal/cli", Reason: "the command line composes a server and may construct clock.Real"},
	{Path: "cmd/sqsbench", Reason: "a load generator measures real elapsed time and paces real requests"},
	{Path: "cmd/kinesisbench", Reason: "a load generator measures real elapsed time"},
	{Path: "internal/loadgen", Reason: "the load generators' shared code, timing real requests"},
	{Path: "worker/client.go", Func: "wallClock.Now", Reason: "the public worker package's wall clock; it cannot import internal/clock"},
	{Path: "worker/client.go", Func: "wallClock.After", Reason: "the public worker package's wall clock; it cannot import internal/clock"},
	{Path: "worker/stream/clock.go", Func: "wallClock.Now", Reason: "the public stream consumer's wall clock; it cannot import internal/clock"},
	{Path: "worker/stream/clock.go", Func: "wallClock.After", Reason: "the public stream consumer's wall clock; it cannot import internal/clock"},
	{Path: "internal/servertest/tls.go", Func: "SelfSignedCert", Reason: "a test certificate's validity window is checked by crypto/tls against the wall clock"},
	{Path: "internal/awsproto/router.go", Func: "Router.ServeHTTP", Reason: "a request's duration, for logs and metrics, is wall time whatever clock the API uses"},
	{Path: "internal/awsproto/router.go", Func: "exchange.report", Reason: "a request's duration, for logs and metrics, is wall time whatever clock the API uses"},
	{Path: "internal/awsproto/router.go", Func: "exchange.stream", Reason: "a socket deadline is wall time whatever clock the API uses"},
	{Path: "internal/metrics/metrics.go", Func: "New", Reason: "to fix: require Options.Clock (internal/server always passes its clock) instead of defaulting to clock.Real"},
}

// sleepAllowed are the places of _test.go files that may call time.Sleep
// (rule "time comes from the clock"); every other test forces an order of
// events with a signal.
var sleepAllowed = []Exception{
	{Path: "internal/crashtest/process_test.go", Func: "server.start", Reason: "polls for another process (the sluice binary) to come up"},
	{Path: "internal/e2e/message_test.go", Func: "waitFor", Reason: "polls a condition only observable from outside the server, such as a request waiting inside it"},
}

// layersTable maps each package of the module to the module packages its
// non-test files may import (rule "layers as data"). It follows
// docs/DESIGN.md; layerNever holds DESIGN.md's rules, which no entry may
// break.
var layersTable = map[string][]string{
	"cmd/kinesisbench":                    {"internal/loadgen"},
	"cmd/sluice":                          {"internal/cli"},
	"cmd/screenshots":                     {"internal/server", "sdkhttp"},
	"cmd/sqsbench":                        {"internal/loadgen"},
	"internal/admin":                      {"internal/clock", "internal/history", "internal/queue", "internal/stream"},
	"internal/awsproto":                   {"internal/awsproto/awscbor", "internal/awsproto/awsjson", "internal/awsproto/eventstream", "internal/awsproto/query", "internal/awsproto/sigv4", "internal/clock"},
	"internal/awsproto/awscbor":           {},
	"internal/awsproto/awsjson":           {},
	"internal/awsproto/eventstream":       {},
	"internal/awsproto/query":             {},
	"internal/awsproto/sigv4":             {"internal/clock"},
	"internal/cli":                        {"internal/admin", "internal/config", "internal/server", "worker/stream"},
	"internal/clock":                      {},
	"internal/clock/clocktest":            {},
	"internal/config":                     {},
	"internal/console":                    {},
	"internal/crashtest":                  {}, // test files only
	"internal/e2e":                        {}, // test files only
	"internal/history":                    {"internal/clock", "internal/queue", "internal/stream"},
	"internal/houserules":                 {},
	"internal/kinesisapi":                 {"internal/awsproto", "internal/stream"},
	"internal/loadgen":                    {"sdkhttp"},
	"internal/metrics":                    {"internal/awsproto", "internal/clock", "internal/queue", "internal/store", "internal/stream", "internal/streamgroup"},
	"internal/packaging":                  {}, // test files only
	"internal/push":                       {"internal/clock", "internal/queue"},
	"internal/queue":                      {"internal/clock", "internal/store"},
	"internal/server":                     {"internal/admin", "internal/awsproto", "internal/awsproto/sigv4", "internal/clock", "internal/config", "internal/console", "internal/history", "internal/kinesisapi", "internal/metrics", "internal/push", "internal/queue", "internal/sqsapi", "internal/store", "internal/store/pebblestore", "internal/stream", "internal/streamgroup", "internal/streamgroupapi"},
	"internal/servertest":                 {"internal/clock", "internal/config", "internal/server", "sdkhttp"},
	"internal/sqsapi":                     {"internal/awsproto", "internal/queue"},
	"internal/store":                      {},
	"internal/store/pebblestore":          {"internal/store", "internal/store/pebblestore/streamkv"},
	"internal/store/pebblestore/streamkv": {"internal/store"},
	"internal/store/storetest":            {"internal/store"},
	"internal/stream":                     {"internal/clock", "internal/store"},
	"internal/streamgroup":                {"internal/clock", "internal/store", "internal/stream"},
	"internal/streamgroupapi":             {"internal/awsproto", "internal/kinesisapi", "internal/stream", "internal/streamgroup"},
	"sdkhttp":                             {},
	"worker":                              {},
	"worker/stream":                       {"worker"},
	"worker/workerprom":                   {"worker"},
}

// layerNever are docs/DESIGN.md's layering rules, checked against the
// imports and against layersTable (rule "layers as data").
var layerNever = []Forbidden{
	{From: "internal/sqsapi", To: "internal/store", Reason: "sqsapi never imports store (docs/DESIGN.md): it speaks to queue.Service"},
	{From: "internal/queue", To: "net/http", Reason: "queue never imports net/http (docs/DESIGN.md): no HTTP in SQS semantics"},
	{From: "internal/queue", To: "internal/awsproto", Reason: "queue never imports awsproto (docs/DESIGN.md): no AWS wire formats in SQS semantics"},
	{From: "internal/stream", To: "net/http", Reason: "stream has no HTTP (docs/DESIGN.md)"},
	{From: "internal/stream", To: "internal/awsproto", Reason: "stream has no AWS wire formats (docs/DESIGN.md)"},
	{From: "internal/streamgroup", To: "net/http", Reason: "streamgroup has no HTTP (docs/DESIGN.md)"},
	{From: "internal/streamgroup", To: "internal/awsproto", Reason: "streamgroup has no AWS wire formats (docs/DESIGN.md)"},
	{From: "internal/store", To: "internal/awsproto", Reason: "the store never speaks AWS (docs/DESIGN.md)"},
	{From: "internal/store", To: "internal/sqsapi", Reason: "the store never speaks AWS (docs/DESIGN.md)"},
	{From: "internal/store", To: "internal/kinesisapi", Reason: "the store never speaks AWS (docs/DESIGN.md)"},
	{From: "internal/store", To: "github.com/aws", Reason: "the store never speaks AWS (docs/DESIGN.md)"},
	{From: "internal/store", To: "net/http", Reason: "the store never speaks AWS (docs/DESIGN.md)"},
	{Except: []string{"internal/server", "internal/store/pebblestore"}, To: "internal/store/pebblestore",
		Reason: "only internal/server names the concrete backend (docs/DESIGN.md)"},
	{Except: []string{"internal/clock"}, To: "internal/clock/clocktest", Reason: "the fake clock is for tests"},
	{Except: []string{"internal/store/storetest"}, To: "internal/store/storetest", Reason: "the conformance suite is for backends' tests"},
}

// publicPrometheus are the public packages that may import the Prometheus
// client (rule "public packages stay light").
var publicPrometheus = []string{"worker/workerprom"}
