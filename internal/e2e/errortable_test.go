package e2e

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// fixture is the state an error case sets up before its request.
type fixture struct {
	QueueURL      string
	QueueName     string
	ReceiptHandle string
}

// errorCase is one row of the SQS error table: a request that causes the
// error, in both protocols, and how the error must look.
type errorCase struct {
	name   string
	setup  func(t *testing.T, h *errorHarness) fixture
	action string
	json   func(f fixture) map[string]any
	query  func(f fixture) url.Values
	// shape is the JSON __type shape name; modeled shapes are in the
	// com.amazonaws.sqs namespace, unmodeled ones may be in another.
	shape     string
	unmodeled bool
	code      string // query <Code> and x-amzn-query-error code
	status    int
}

// errorHarness is a server on a fake clock plus the SDK client for setup.
type errorHarness struct {
	*harness
	advance func(time.Duration)
}

// standardQueue creates a standard queue for a case.
func standardQueue(t *testing.T, h *errorHarness) fixture {
	name := queueName(t, "")
	return fixture{QueueURL: h.createQueue(t, name, nil), QueueName: name}
}

// batchEntries returns n SendMessageBatch entries in both encodings, with
// ids from id(i) and bodies of size bytes.
func batchEntries(n int, id func(int) string, size int) ([]map[string]any, url.Values) {
	var entries []map[string]any
	form := url.Values{}
	body := strings.Repeat("x", size)
	for i := range n {
		entries = append(entries, map[string]any{"Id": id(i), "MessageBody": body})
		prefix := "SendMessageBatchRequestEntry." + strconv.Itoa(i+1) + "."
		form.Set(prefix+"Id", id(i))
		form.Set(prefix+"MessageBody", body)
	}
	return entries, form
}

func withQueueURL(f fixture, v url.Values) url.Values {
	v = cloneValues(v)
	v.Set("QueueUrl", f.QueueURL)
	return v
}

// eightActions is one more action than a permission statement may hold.
var eightActions = []string{"SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility",
	"GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListQueueTags"}

func errorCases() []errorCase {
	distinctID := func(i int) string { return "e" + strconv.Itoa(i) }
	batchCase := func(name string, n int, id func(int) string, size int, shape, code string) errorCase {
		entries, form := batchEntries(n, id, size)
		return errorCase{
			name: name, setup: standardQueue, action: "SendMessageBatch",
			json:  func(f fixture) map[string]any { return map[string]any{"QueueUrl": f.QueueURL, "Entries": entries} },
			query: func(f fixture) url.Values { return withQueueURL(f, form) },
			shape: shape, code: code, status: http.StatusBadRequest,
		}
	}
	return []errorCase{
		{
			name:   "QueueDoesNotExist",
			setup:  func(t *testing.T, h *errorHarness) fixture { return fixture{QueueName: queueName(t, "")} },
			action: "GetQueueUrl",
			json:   func(f fixture) map[string]any { return map[string]any{"QueueName": f.QueueName} },
			query:  func(f fixture) url.Values { return url.Values{"QueueName": {f.QueueName}} },
			shape:  "QueueDoesNotExist", code: "AWS.SimpleQueueService.NonExistentQueue", status: http.StatusBadRequest,
		},
		{
			name: "QueueNameExists",
			setup: func(t *testing.T, h *errorHarness) fixture {
				name := queueName(t, "")
				h.createQueue(t, name, map[string]string{"DelaySeconds": "1"})
				return fixture{QueueName: name}
			},
			action: "CreateQueue",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueName": f.QueueName, "Attributes": map[string]string{"DelaySeconds": "2"}}
			},
			query: func(f fixture) url.Values {
				return url.Values{"QueueName": {f.QueueName}, "Attribute.1.Name": {"DelaySeconds"}, "Attribute.1.Value": {"2"}}
			},
			shape: "QueueNameExists", code: "QueueAlreadyExists", status: http.StatusBadRequest,
		},
		{
			name: "QueueDeletedRecently",
			setup: func(t *testing.T, h *errorHarness) fixture {
				f := standardQueue(t, h)
				if _, err := h.sqs.DeleteQueue(h.ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(f.QueueURL)}); err != nil {
					t.Fatalf("DeleteQueue: %v", err)
				}
				return f
			},
			action: "CreateQueue",
			json:   func(f fixture) map[string]any { return map[string]any{"QueueName": f.QueueName} },
			query:  func(f fixture) url.Values { return url.Values{"QueueName": {f.QueueName}} },
			shape:  "QueueDeletedRecently", code: "AWS.SimpleQueueService.QueueDeletedRecently", status: http.StatusBadRequest,
		},
		{
			name: "PurgeQueueInProgress",
			setup: func(t *testing.T, h *errorHarness) fixture {
				f := standardQueue(t, h)
				if _, err := h.sqs.PurgeQueue(h.ctx, &sqs.PurgeQueueInput{QueueUrl: aws.String(f.QueueURL)}); err != nil {
					t.Fatalf("PurgeQueue: %v", err)
				}
				return f
			},
			action: "PurgeQueue",
			json:   func(f fixture) map[string]any { return map[string]any{"QueueUrl": f.QueueURL} },
			query:  func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}} },
			shape:  "PurgeQueueInProgress", code: "AWS.SimpleQueueService.PurgeQueueInProgress", status: http.StatusForbidden,
		},
		{
			name:   "OverLimit",
			setup:  standardQueue,
			action: "AddPermission",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "Label": "too-many", "AWSAccountIds": []string{"111122223333"},
					"Actions": eightActions}
			},
			query: func(f fixture) url.Values {
				v := url.Values{"QueueUrl": {f.QueueURL}, "Label": {"too-many"}, "AWSAccountId.1": {"111122223333"}}
				for i, a := range eightActions {
					v.Set("ActionName."+strconv.Itoa(i+1), a)
				}
				return v
			},
			shape: "OverLimit", code: "OverLimit", status: http.StatusForbidden,
		},
		{
			name:   "ReceiptHandleIsInvalid",
			setup:  standardQueue,
			action: "DeleteMessage",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "ReceiptHandle": "garbage"}
			},
			query: func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}, "ReceiptHandle": {"garbage"}} },
			shape: "ReceiptHandleIsInvalid", code: "ReceiptHandleIsInvalid", status: http.StatusBadRequest,
		},
		{
			name: "MessageNotInflight",
			setup: func(t *testing.T, h *errorHarness) fixture {
				f := standardQueue(t, h)
				h.send(t, f.QueueURL, "m")
				msgs := h.receive(t, f.QueueURL, 1, 10)
				if len(msgs) != 1 {
					t.Fatalf("received %d messages, want 1", len(msgs))
				}
				h.advance(11 * time.Second)
				f.ReceiptHandle = aws.ToString(msgs[0].ReceiptHandle)
				return f
			},
			action: "ChangeMessageVisibility",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "ReceiptHandle": f.ReceiptHandle, "VisibilityTimeout": 30}
			},
			query: func(f fixture) url.Values {
				return url.Values{"QueueUrl": {f.QueueURL}, "ReceiptHandle": {f.ReceiptHandle}, "VisibilityTimeout": {"30"}}
			},
			shape: "MessageNotInflight", code: "AWS.SimpleQueueService.MessageNotInflight", status: http.StatusBadRequest,
		},
		batchCase("TooManyEntriesInBatchRequest", 11, distinctID, 1,
			"TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
		batchCase("EmptyBatchRequest", 0, distinctID, 1,
			"EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
		batchCase("BatchEntryIdsNotDistinct", 2, func(int) string { return "same" }, 1,
			"BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
		batchCase("BatchRequestTooLong", 2, distinctID, 600_000,
			"BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
		batchCase("InvalidBatchEntryId", 1, func(int) string { return "not valid!" }, 1,
			"InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
		{
			name:   "ResourceNotFoundException",
			setup:  func(t *testing.T, h *errorHarness) fixture { return fixture{QueueName: queueName(t, "")} },
			action: "ListMessageMoveTasks",
			json: func(f fixture) map[string]any {
				return map[string]any{"SourceArn": "arn:aws:sqs:us-east-1:" + account + ":" + f.QueueName}
			},
			query: func(f fixture) url.Values {
				return url.Values{"SourceArn": {"arn:aws:sqs:us-east-1:" + account + ":" + f.QueueName}}
			},
			shape: "ResourceNotFoundException", code: "ResourceNotFoundException", status: http.StatusNotFound,
		},
		{
			name:   "InvalidAttributeName",
			setup:  standardQueue,
			action: "GetQueueAttributes",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "AttributeNames": []string{"Bogus"}}
			},
			query: func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}, "AttributeName.1": {"Bogus"}} },
			shape: "InvalidAttributeName", code: "InvalidAttributeName", status: http.StatusBadRequest,
		},
		{
			name:   "InvalidAttributeValue",
			setup:  func(t *testing.T, h *errorHarness) fixture { return fixture{QueueName: queueName(t, "")} },
			action: "CreateQueue",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueName": f.QueueName, "Attributes": map[string]string{"VisibilityTimeout": "50000"}}
			},
			query: func(f fixture) url.Values {
				return url.Values{"QueueName": {f.QueueName}, "Attribute.1.Name": {"VisibilityTimeout"}, "Attribute.1.Value": {"50000"}}
			},
			shape: "InvalidAttributeValue", code: "InvalidAttributeValue", status: http.StatusBadRequest,
		},
		{
			name:   "InvalidMessageContents",
			setup:  standardQueue,
			action: "SendMessage",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "MessageBody": "bad \x01"}
			},
			query: func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}, "MessageBody": {"bad \x01"}} },
			shape: "InvalidMessageContents", code: "InvalidMessageContents", status: http.StatusBadRequest,
		},
		{
			name:   "InvalidParameterValue",
			setup:  standardQueue,
			action: "ReceiveMessage",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "MaxNumberOfMessages": 11}
			},
			query: func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}, "MaxNumberOfMessages": {"11"}} },
			shape: "InvalidParameterValueException", unmodeled: true, code: "InvalidParameterValue", status: http.StatusBadRequest,
		},
		{
			name: "MissingParameter",
			setup: func(t *testing.T, h *errorHarness) fixture {
				name := queueName(t, ".fifo")
				return fixture{QueueName: name, QueueURL: h.createQueue(t, name, map[string]string{
					"FifoQueue": "true", "ContentBasedDeduplication": "true"})}
			},
			action: "SendMessage",
			json: func(f fixture) map[string]any {
				return map[string]any{"QueueUrl": f.QueueURL, "MessageBody": "no group"}
			},
			query: func(f fixture) url.Values { return url.Values{"QueueUrl": {f.QueueURL}, "MessageBody": {"no group"}} },
			shape: "MissingRequiredParameterException", unmodeled: true, code: "MissingParameter", status: http.StatusBadRequest,
		},
	}
}

// TestErrorTable sends, in both protocols, a request that causes each error
// of the SQS error table and checks the error's wire form.
func TestErrorTable(t *testing.T) {
	t.Parallel()
	h, clk := newFakeClockHarness(t)
	eh := &errorHarness{harness: h, advance: clk.Advance}
	raw := rawClient{base: h.srv.URL}
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			t.Run("JSON", func(t *testing.T) {
				t.Parallel()
				resp := raw.json(t, tc.action, tc.json(tc.setup(t, eh)))
				checkJSONError(t, resp, tc)
			})
			t.Run("Query", func(t *testing.T) {
				t.Parallel()
				resp := raw.query(t, "/", tc.action, tc.query(tc.setup(t, eh)))
				checkQueryError(t, resp, tc)
			})
		})
	}
}

func checkJSONError(t *testing.T, resp rawResponse, tc errorCase) {
	t.Helper()
	if resp.Status != tc.status {
		t.Errorf("status = %d, want %d (body %s)", resp.Status, tc.status, resp.Body)
	}
	var e jsonError
	if err := json.Unmarshal(resp.Body, &e); err != nil {
		t.Fatalf("error body %q: %v", resp.Body, err)
	}
	if tc.unmodeled {
		if !strings.HasSuffix(e.Type, "#"+tc.shape) {
			t.Errorf("__type = %q, want <namespace>#%s", e.Type, tc.shape)
		}
	} else if want := "com.amazonaws.sqs#" + tc.shape; e.Type != want {
		t.Errorf("__type = %q, want %q", e.Type, want)
	}
	if e.Message == "" {
		t.Errorf("error has no message: %s", resp.Body)
	}
	if got, want := resp.Header.Get("X-Amzn-Query-Error"), tc.code+";Sender"; got != want {
		t.Errorf("x-amzn-query-error = %q, want %q", got, want)
	}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("no x-amzn-RequestId header")
	}
}

func checkQueryError(t *testing.T, resp rawResponse, tc errorCase) {
	t.Helper()
	if resp.Status != tc.status {
		t.Errorf("status = %d, want %d (body %s)", resp.Status, tc.status, resp.Body)
	}
	var e queryErrorResponse
	if err := xml.Unmarshal(resp.Body, &e); err != nil {
		t.Fatalf("error body %q: %v", resp.Body, err)
	}
	if e.Error.Code != tc.code || e.Error.Type != "Sender" {
		t.Errorf("Code %q Type %q, want %q Sender", e.Error.Code, e.Error.Type, tc.code)
	}
	if e.Error.Message == "" || e.RequestID == "" {
		t.Errorf("error lacks Message or RequestId: %s", resp.Body)
	}
}
