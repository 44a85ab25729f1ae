package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/sluicemq/sluice/internal/server"
	"github.com/sluicemq/sluice/internal/servertest"
)

// authKey is an access key a server with credentials accepts.
type authKey struct {
	ID, Secret, Account string
}

// The keys of the servers started by authServer: two accounts.
var (
	keyAlice = authKey{ID: "AKIDALICEEXAMPLE01", Secret: "alice/Secret+Key0000000000000000000000", Account: "111111111111"}
	keyBob   = authKey{ID: "AKIDBOBEXAMPLE0002", Secret: "bob/Secret+Key00000000000000000000000", Account: "222222222222"}
	// keyUnknown is configured nowhere.
	keyUnknown = authKey{ID: "AKIDNOBODYEXAMPLE3", Secret: "nobody/Secret+Key00000000000000000000", Account: "333333333333"}
)

// withSecret returns k signing with another secret.
func (k authKey) withSecret(secret string) authKey {
	k.Secret = secret
	return k
}

// authServer starts a server that verifies signatures against keyAlice
// and keyBob.
func authServer(t *testing.T) *servertest.Server {
	t.Helper()
	return servertest.Start(t, servertest.WithCredentials(
		server.Credential{AccessKey: keyAlice.ID, Secret: keyAlice.Secret, Account: keyAlice.Account},
		server.Credential{AccessKey: keyBob.ID, Secret: keyBob.Secret, Account: keyBob.Account},
	))
}

// sqsAs and kinesisAs return SDK clients signing with k.
func sqsAs(srv *servertest.Server, k authKey) *sqs.Client {
	return sqs.NewFromConfig(srv.AWSConfigAs(k.ID, k.Secret))
}

func kinesisAs(srv *servertest.Server, k authKey) *kinesis.Client {
	return kinesis.NewFromConfig(srv.AWSConfigAs(k.ID, k.Secret))
}

// authAPI is one protocol a raw request can speak.
type authAPI struct {
	name        string
	service     string // signing name
	contentType string
	target      string // X-Amz-Target prefix; empty for the query protocol
	query       bool   // SQS query protocol: XML errors
	kinesis     bool   // Kinesis: its own error types and statuses
}

var (
	apiSQSQuery = authAPI{name: "SQSQuery", service: "sqs", contentType: "application/x-www-form-urlencoded; charset=utf-8", query: true}
	apiSQSJSON  = authAPI{name: "SQSJSON", service: "sqs", contentType: "application/x-amz-json-1.0", target: "AmazonSQS."}
	apiKinesis  = authAPI{name: "Kinesis", service: "kinesis", contentType: "application/x-amz-json-1.1",
		target: "Kinesis_20131202.", kinesis: true}
)

// listBody is the body of the API's list action (ListQueues, ListStreams).
func (a authAPI) listRequest() (action string, body []byte) {
	switch {
	case a.query:
		return "ListQueues", []byte("Action=ListQueues&Version=" + queryVersion)
	case a.kinesis:
		return "ListStreams", []byte("{}")
	}
	return "ListQueues", []byte("{}")
}

// newRequest builds an unsigned POST of body to the server for action.
func (a authAPI) newRequest(t *testing.T, base, action string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(testContext(t), http.MethodPost, base+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", a.contentType)
	if a.target != "" {
		req.Header.Set("X-Amz-Target", a.target+action)
	}
	return req
}

// sign signs req over body with k at signTime, as the SDKs do.
func (a authAPI) sign(t *testing.T, req *http.Request, body []byte, k authKey, signTime time.Time) {
	t.Helper()
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]),
		a.service, servertest.Region, signTime); err != nil {
		t.Fatal(err)
	}
}

// authAnswer is the error a response carries, whatever its protocol.
type authAnswer struct {
	Status     int
	Code       string // query <Code>, or the JSON __type
	QueryError string // x-amzn-query-error
	Message    string
}

// send sends req (with body) and reads the answer.
func sendRaw(t *testing.T, req *http.Request, body []byte) authAnswer {
	t.Helper()
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.Header.Get("X-Amz-Target"), err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ans := authAnswer{Status: resp.StatusCode, QueryError: resp.Header.Get("X-Amzn-Query-Error")}
	if resp.StatusCode == http.StatusOK {
		return ans
	}
	if strings.Contains(resp.Header.Get("Content-Type"), "xml") {
		var doc struct {
			Error struct {
				Code, Message string
			}
		}
		if err := xml.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("error body %q is not XML: %v", raw, err)
		}
		ans.Code, ans.Message = doc.Error.Code, doc.Error.Message
		return ans
	}
	var doc struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("error body %q is not JSON: %v", raw, err)
	}
	ans.Code, ans.Message = doc.Type, doc.Message
	return ans
}

// authWant is how one refusal looks in each protocol.
type authWant struct {
	queryCode string // SQS, both protocols (x-amzn-query-error in JSON)
	jsonType  string // the __type after the namespace, SQS JSON and Kinesis
	sqsStatus int
	message   string // a part of the message
}

// check compares an answer with the refusal a expects.
func (w authWant) check(t *testing.T, a authAPI, got authAnswer) {
	t.Helper()
	wantStatus, wantCode := w.sqsStatus, w.queryCode
	switch {
	case a.kinesis:
		wantStatus, wantCode = http.StatusBadRequest, "com.amazon.coral.service#"+w.jsonType
	case !a.query:
		wantCode = "com.amazon.coral.service#" + w.jsonType
		if want := w.queryCode + ";Sender"; got.QueryError != want {
			t.Errorf("x-amzn-query-error = %q, want %q", got.QueryError, want)
		}
	}
	if got.Status != wantStatus || got.Code != wantCode {
		t.Errorf("answer = %d %s, want %d %s (message %q)", got.Status, got.Code, wantStatus, wantCode, got.Message)
	}
	if !strings.Contains(got.Message, w.message) {
		t.Errorf("message = %q, want it to contain %q", got.Message, w.message)
	}
}

var (
	wantMismatch = authWant{queryCode: "SignatureDoesNotMatch", jsonType: "InvalidSignatureException",
		sqsStatus: http.StatusForbidden, message: "The request signature we calculated does not match"}
	wantUnknownKey = authWant{queryCode: "InvalidClientTokenId", jsonType: "UnrecognizedClientException",
		sqsStatus: http.StatusForbidden, message: "The security token included in the request is invalid."}
	wantExpired = authWant{queryCode: "SignatureDoesNotMatch", jsonType: "InvalidSignatureException",
		sqsStatus: http.StatusForbidden, message: "Signature expired"}
	wantNotYetCurrent = authWant{queryCode: "SignatureDoesNotMatch", jsonType: "InvalidSignatureException",
		sqsStatus: http.StatusForbidden, message: "Signature not yet current"}
	wantMissing = authWant{queryCode: "MissingAuthenticationToken", jsonType: "MissingAuthenticationTokenException",
		sqsStatus: http.StatusForbidden, message: "Request is missing Authentication Token"}
	wantIncomplete = authWant{queryCode: "IncompleteSignature", jsonType: "IncompleteSignatureException",
		sqsStatus: http.StatusBadRequest}
)

// TestAuth_RawRequests sends SigV4 requests built with the SDK signer and
// then spoiled, in each protocol, and checks each refusal AWS sends.
func TestAuth_RawRequests(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	cases := []struct {
		name string
		// build returns the request to send and its body.
		build func(t *testing.T, a authAPI) (*http.Request, []byte)
		want  *authWant // nil: accepted
	}{
		{name: "Signed", build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice, time.Now())
			return req, body
		}},
		{name: "WrongSecret", want: &wantMismatch, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice.withSecret(keyBob.Secret), time.Now())
			return req, body
		}},
		{name: "UnknownKey", want: &wantUnknownKey, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyUnknown, time.Now())
			return req, body
		}},
		{name: "SignedHeaderChanged", want: &wantMismatch, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice, time.Now())
			req.Header.Set("Content-Type", strings.Replace(a.contentType, "application/", "Application/", 1))
			return req, body
		}},
		{name: "BodyChangedAfterSigning", want: &wantMismatch, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice, time.Now())
			changed := []byte(`{"Limit":1}`)
			if a.query {
				changed = []byte("Action=ListQueues&Version=" + queryVersion + "&QueueNamePrefix=x")
			}
			return req, changed
		}},
		{name: "Expired", want: &wantExpired, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice, time.Now().Add(-20*time.Minute))
			return req, body
		}},
		{name: "FromTheFuture", want: &wantNotYetCurrent, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			a.sign(t, req, body, keyAlice, time.Now().Add(20*time.Minute))
			return req, body
		}},
		{name: "NoAuthorization", want: &wantMissing, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			return a.newRequest(t, srv.URL, action, body), body
		}},
		{name: "MalformedAuthorization", want: &wantIncomplete, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+keyAlice.ID)
			req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
			return req, body
		}},
		{name: "OtherServiceScope", want: &wantIncomplete, build: func(t *testing.T, a authAPI) (*http.Request, []byte) {
			action, body := a.listRequest()
			req := a.newRequest(t, srv.URL, action, body)
			other := a
			other.service = "dynamodb"
			other.sign(t, req, body, keyAlice, time.Now())
			return req, body
		}},
	}
	for _, api := range []authAPI{apiSQSQuery, apiSQSJSON, apiKinesis} {
		for _, tc := range cases {
			t.Run(api.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				req, body := tc.build(t, api)
				got := sendRaw(t, req, body)
				if tc.want == nil {
					if got.Status != http.StatusOK {
						t.Fatalf("answer = %d %s %q, want 200", got.Status, got.Code, got.Message)
					}
					return
				}
				tc.want.check(t, api, got)
			})
		}
	}
}

// TestAuth_Presigned accepts a presigned query-protocol GET within its
// expiry and refuses it after.
func TestAuth_Presigned(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	presign := func(t *testing.T, k authKey, signTime time.Time) *http.Request {
		t.Helper()
		req, err := http.NewRequestWithContext(testContext(t), http.MethodGet,
			srv.URL+"/?Action=ListQueues&Version="+queryVersion+"&X-Amz-Expires=300", nil)
		if err != nil {
			t.Fatal(err)
		}
		creds := aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
		signed, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req,
			hex.EncodeToString(sha256.New().Sum(nil)), "sqs", servertest.Region, signTime)
		if err != nil {
			t.Fatal(err)
		}
		out, err := http.NewRequestWithContext(testContext(t), http.MethodGet, signed, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := sendRaw(t, presign(t, keyAlice, time.Now()), nil); got.Status != http.StatusOK {
		t.Errorf("presigned ListQueues = %d %s %q, want 200", got.Status, got.Code, got.Message)
	}
	got := sendRaw(t, presign(t, keyAlice, time.Now().Add(-10*time.Minute)), nil)
	if got.Status != http.StatusForbidden || got.Code != "SignatureDoesNotMatch" || !strings.Contains(got.Message, "expired") {
		t.Errorf("expired presigned ListQueues = %d %s %q, want 403 SignatureDoesNotMatch, expired", got.Status, got.Code, got.Message)
	}
	if got := sendRaw(t, presign(t, keyAlice.withSecret("wrong"), time.Now()), nil); got.Code != "SignatureDoesNotMatch" {
		t.Errorf("presigned with a wrong secret = %d %s %q, want SignatureDoesNotMatch", got.Status, got.Code, got.Message)
	}
}

// TestAuth_RefusedRequestsChangeNothing spoils signed requests that would
// change a queue or a stream, and checks that nothing changed.
func TestAuth_RefusedRequestsChangeNothing(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)
	client := sqsAs(srv, keyAlice)
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName(t, ""))})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	url := aws.ToString(created.QueueUrl)
	send, _ := json.Marshal(map[string]string{"QueueUrl": url, "MessageBody": "signed body"})

	// An unsigned change of X-Amz-Target must not turn a send into a delete.
	req := apiSQSJSON.newRequest(t, srv.URL, "SendMessage", send)
	apiSQSJSON.sign(t, req, send, keyAlice, time.Now())
	req.Header.Set("X-Amz-Target", "AmazonSQS.DeleteQueue")
	wantMismatch.check(t, apiSQSJSON, sendRaw(t, req, send))

	// A body changed after signing is not sent.
	req = apiSQSJSON.newRequest(t, srv.URL, "SendMessage", send)
	apiSQSJSON.sign(t, req, send, keyAlice, time.Now())
	wantMismatch.check(t, apiSQSJSON, sendRaw(t, req, bytes.Replace(send, []byte("signed"), []byte("forged"), 1)))

	// A delete signed with a wrong secret deletes nothing.
	del := []byte("Action=DeleteQueue&Version=" + queryVersion + "&QueueUrl=" + url)
	req = apiSQSQuery.newRequest(t, srv.URL, "DeleteQueue", del)
	apiSQSQuery.sign(t, req, del, keyAlice.withSecret("guess"), time.Now())
	wantMismatch.check(t, apiSQSQuery, sendRaw(t, req, del))

	attrs, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages}})
	if err != nil {
		t.Fatalf("GetQueueAttributes after the refused requests: %v", err)
	}
	if n := attrs.Attributes["ApproximateNumberOfMessages"]; n != "0" {
		t.Errorf("queue holds %s messages after refused sends, want 0", n)
	}

	// Kinesis: a record whose body changed after signing is not written.
	kin := kinesisAs(srv, keyAlice)
	name := queueName(t, "-stream")
	if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	put, _ := json.Marshal(map[string]string{"StreamName": name, "PartitionKey": "k", "Data": "c2lnbmVk"})
	req = apiKinesis.newRequest(t, srv.URL, "PutRecord", put)
	apiKinesis.sign(t, req, put, keyAlice, time.Now())
	wantMismatch.check(t, apiKinesis, sendRaw(t, req, bytes.Replace(put, []byte("c2lnbmVk"), []byte("Zm9yZ2Vk"), 1)))
	del = []byte(`{"StreamName":"` + name + `"}`)
	req = apiKinesis.newRequest(t, srv.URL, "DeleteStream", del)
	apiKinesis.sign(t, req, del, keyUnknown, time.Now())
	wantUnknownKey.check(t, apiKinesis, sendRaw(t, req, del))
	if recs := readAllRecords(t, kin, name); len(recs) != 0 {
		t.Errorf("stream holds %d records after a refused put, want 0", len(recs))
	}
}

// TestAuth_SDKClients runs the Go SDK's SQS and Kinesis clients with a
// configured key, a wrong secret and an unknown key.
func TestAuth_SDKClients(t *testing.T) {
	t.Parallel()
	srv := authServer(t)
	ctx := testContext(t)

	client := sqsAs(srv, keyAlice)
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName(t, ""))})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	url := aws.ToString(created.QueueUrl)
	if !strings.Contains(url, "/"+keyAlice.Account+"/") {
		t.Errorf("QueueUrl %q does not name the key's account %s", url, keyAlice.Account)
	}
	if _, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("hello")}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	got, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 1})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "hello" {
		t.Fatalf("ReceiveMessage = %v, %v; want the message sent", got, err)
	}
	_, err = sqsAs(srv, keyAlice.withSecret("wrong")).ListQueues(ctx, &sqs.ListQueuesInput{})
	wantSDKError(t, err, "SignatureDoesNotMatch", http.StatusForbidden)
	_, err = sqsAs(srv, keyUnknown).SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")})
	wantSDKError(t, err, "InvalidClientTokenId", http.StatusForbidden)
	_, err = srv.SQS(t).ListQueues(ctx, &sqs.ListQueuesInput{}) // the development key
	wantSDKError(t, err, "InvalidClientTokenId", http.StatusForbidden)

	kin := kinesisAs(srv, keyAlice)
	name := queueName(t, "-stream")
	if _, err := kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatalf("CreateStream: %v", err)
	}
	if _, err := kin.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"),
		Data: []byte("record")}); err != nil {
		t.Fatalf("PutRecord: %v", err)
	}
	if recs := readAllRecords(t, kin, name); len(recs) != 1 || string(recs[0]) != "record" {
		t.Errorf("read back %q, want the record put", recs)
	}
	described, err := kin.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
	if err != nil {
		t.Fatalf("DescribeStreamSummary: %v", err)
	}
	if arn := aws.ToString(described.StreamDescriptionSummary.StreamARN); !strings.Contains(arn, ":"+keyAlice.Account+":") {
		t.Errorf("StreamARN %q does not name the key's account %s", arn, keyAlice.Account)
	}
	_, err = kinesisAs(srv, keyAlice.withSecret("wrong")).ListStreams(ctx, &kinesis.ListStreamsInput{})
	wantSDKError(t, err, "InvalidSignatureException", http.StatusBadRequest)
	_, err = kinesisAs(srv, keyUnknown).ListStreams(ctx, &kinesis.ListStreamsInput{})
	wantSDKError(t, err, "UnrecognizedClientException", http.StatusBadRequest)
}

// TestAuth_DevelopmentMode checks the server without credentials: any
// signature passes, and a 12-digit access key picks the account.
func TestAuth_DevelopmentMode(t *testing.T) {
	t.Parallel()
	srv := servertest.Start(t)
	ctx := testContext(t)
	client := sqs.NewFromConfig(srv.AWSConfigAs("444444444444", "anything at all"))
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(queueName(t, ""))})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	if url := aws.ToString(created.QueueUrl); !strings.Contains(url, "/444444444444/") {
		t.Errorf("QueueUrl %q is not in the account the key names", url)
	}
	listed, err := srv.SQS(t).ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatalf("ListQueues as the default account: %v", err)
	}
	if len(listed.QueueUrls) != 0 {
		t.Errorf("the default account sees %v, want none of account 444444444444's queues", listed.QueueUrls)
	}
	action, body := apiSQSJSON.listRequest()
	if got := sendRaw(t, apiSQSJSON.newRequest(t, srv.URL, action, body), body); got.Status != http.StatusOK {
		t.Errorf("unsigned request in development mode = %d %s, want 200", got.Status, got.Code)
	}
}

// wantSDKError checks the code and HTTP status of an SDK error.
func wantSDKError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("ErrorCode() = %q, want %q (message %q)", apiErr.ErrorCode(), code, apiErr.ErrorMessage())
	}
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() != status {
		t.Errorf("HTTP status = %d, want %d", respErr.HTTPStatusCode(), status)
	}
}

// readAllRecords reads every record of a one-shard stream from the start.
func readAllRecords(t *testing.T, kin *kinesis.Client, name string) [][]byte {
	t.Helper()
	ctx := testContext(t)
	it, err := kin.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(name),
		ShardId: aws.String("shardId-000000000000"), ShardIteratorType: "TRIM_HORIZON"})
	if err != nil {
		t.Fatalf("GetShardIterator: %v", err)
	}
	out, err := kin.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil {
		t.Fatalf("GetRecords: %v", err)
	}
	data := make([][]byte, len(out.Records))
	for i, r := range out.Records {
		data[i] = r.Data
	}
	return data
}
