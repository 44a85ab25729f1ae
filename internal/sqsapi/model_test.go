package sqsapi

import (
	"bufio"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestWireStructsMatchModel checks the JSON member names of every input and
// output struct, nested ones included, against the AWS SQS model.
func TestWireStructsMatchModel(t *testing.T) {
	t.Parallel()
	want := readModelMembers(t)
	got := map[string]string{}
	a := New(nil, Options{})
	for _, op := range a.Operations() {
		method, ok := reflect.TypeOf(a).MethodByName(op.Name)
		if !ok {
			t.Fatalf("no method for %s", op.Name)
		}
		walkJSON(got, op.Name+" input", reflect.TypeOf(op.NewInput()).Elem())
		walkJSON(got, op.Name+" output", method.Type.Out(0).Elem())
	}
	for key, members := range want {
		if got[key] != members {
			t.Errorf("%s: members %q, model has %q", key, got[key], members)
		}
	}
	for key := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("%s: not in the model", key)
		}
	}
}

// walkJSON records the sorted JSON member names of the struct at path, and
// of the structs it nests, in the notation of testdata/model_members.txt.
func walkJSON(out map[string]string, path string, typ reflect.Type) {
	switch typ.Kind() {
	case reflect.Slice:
		if typ.Elem().Kind() != reflect.Uint8 {
			walkJSON(out, path+"[]", typ.Elem())
		}
		return
	case reflect.Map:
		walkJSON(out, path+"{}", typ.Elem())
		return
	case reflect.Struct:
	default:
		return
	}
	var names []string
	for field := range typ.Fields() {
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		names = append(names, name)
		walkJSON(out, path+"."+name, field.Type)
	}
	slices.Sort(names)
	out[path] = strings.Join(names, " ")
}

func readModelMembers(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("testdata/model_members.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	members := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, " =")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		members[key] = strings.TrimSpace(value)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return members
}

// queryNames lists the members whose query-protocol names differ from their
// JSON names, keyed by Go struct and JSON name, as the SQS query model
// (2012-11-05) names them: flattened lists take the member's element name,
// maps their entry name and key/value names.
var queryNames = map[string]string{
	"AddPermissionInput.AWSAccountIds":                     "AWSAccountId",
	"AddPermissionInput.Actions":                           "ActionName",
	"CreateQueueInput.Attributes":                          "Attribute,map=Name/Value",
	"CreateQueueInput.tags":                                "Tag,map=Key/Value",
	"ChangeMessageVisibilityBatchInput.Entries":            "ChangeMessageVisibilityBatchRequestEntry",
	"ChangeMessageVisibilityBatchOutput.Successful":        "ChangeMessageVisibilityBatchResultEntry",
	"ChangeMessageVisibilityBatchOutput.Failed":            "BatchResultErrorEntry",
	"DeleteMessageBatchInput.Entries":                      "DeleteMessageBatchRequestEntry",
	"DeleteMessageBatchOutput.Successful":                  "DeleteMessageBatchResultEntry",
	"DeleteMessageBatchOutput.Failed":                      "BatchResultErrorEntry",
	"GetQueueAttributesInput.AttributeNames":               "AttributeName",
	"GetQueueAttributesOutput.Attributes":                  "Attribute,map=Name/Value",
	"ListDeadLetterSourceQueuesOutput.queueUrls":           "QueueUrl",
	"ListMessageMoveTasksOutput.Results":                   "ListMessageMoveTasksResultEntry",
	"ListQueueTagsOutput.Tags":                             "Tag,map=Key/Value",
	"ListQueuesOutput.QueueUrls":                           "QueueUrl",
	"Message.Attributes":                                   "Attribute,map=Name/Value",
	"Message.MessageAttributes":                            "MessageAttribute,map=Name/Value",
	"MessageAttributeValue.StringListValues":               "StringListValue",
	"MessageAttributeValue.BinaryListValues":               "BinaryListValue",
	"ReceiveMessageInput.AttributeNames":                   "AttributeName",
	"ReceiveMessageInput.MessageSystemAttributeNames":      "MessageSystemAttributeName",
	"ReceiveMessageInput.MessageAttributeNames":            "MessageAttributeName",
	"ReceiveMessageOutput.Messages":                        "Message",
	"SendMessageInput.MessageAttributes":                   "MessageAttribute,map=Name/Value",
	"SendMessageInput.MessageSystemAttributes":             "MessageSystemAttribute,map=Name/Value",
	"SendMessageBatchInput.Entries":                        "SendMessageBatchRequestEntry",
	"SendMessageBatchRequestEntry.MessageAttributes":       "MessageAttribute,map=Name/Value",
	"SendMessageBatchRequestEntry.MessageSystemAttributes": "MessageSystemAttribute,map=Name/Value",
	"SendMessageBatchOutput.Successful":                    "SendMessageBatchResultEntry",
	"SendMessageBatchOutput.Failed":                        "BatchResultErrorEntry",
	"SetQueueAttributesInput.Attributes":                   "Attribute,map=Name/Value",
	"TagQueueInput.Tags":                                   "Tag,map=Key/Value",
	"UntagQueueInput.TagKeys":                              "TagKey",
}

// TestQueryTags checks the query tag of every field: the model's query name
// where it differs from the JSON name, else the JSON name.
func TestQueryTags(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	a := New(nil, Options{})
	for _, op := range a.Operations() {
		method, _ := reflect.TypeOf(a).MethodByName(op.Name)
		checkQueryTags(t, seen, reflect.TypeOf(op.NewInput()).Elem())
		checkQueryTags(t, seen, method.Type.Out(0).Elem())
	}
	for key := range queryNames {
		if !seen[key] {
			t.Errorf("%s: no such field", key)
		}
	}
}

func checkQueryTags(t *testing.T, seen map[string]bool, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || seen[typ.Name()] {
		return
	}
	seen[typ.Name()] = true
	for field := range typ.Fields() {
		jsonName, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		key := typ.Name() + "." + jsonName
		seen[key] = true
		want, ok := queryNames[key]
		if !ok {
			want = jsonName
		}
		if got := field.Tag.Get("query"); got != want {
			t.Errorf("%s: query tag %q, want %q", key, got, want)
		}
		checkQueryTags(t, seen, field.Type)
	}
}
