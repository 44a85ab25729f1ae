package queue

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// wantError checks that err is an *Error of kind with exactly message.
func wantError(t *testing.T, err error, kind error, message string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want *Error of kind %v", err, kind)
	}
	if !errors.Is(err, kind) {
		t.Errorf("kind = %v, want %v", e.Kind, kind)
	}
	if e.Message != message {
		t.Errorf("message =\n  %q\nwant\n  %q", e.Message, message)
	}
}

func TestMD5OfAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		attrs map[string]MessageAttribute
		want  string
	}{
		{"None", nil, ""},
		{"OneString", map[string]MessageAttribute{"a": {DataType: "String", StringValue: "v"}}, "a18cbb58171ebf4ce88d9fb787f9210b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := md5OfAttributes(tt.attrs); got != tt.want {
				t.Errorf("md5OfAttributes = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMD5OfAttributes_EncodesEachField(t *testing.T) {
	t.Parallel()
	base := map[string]MessageAttribute{
		"b": {DataType: "Binary", BinaryValue: []byte{0, 1, 2}},
		"a": {DataType: "Number.int", StringValue: "12"},
	}
	sum := md5OfAttributes(base)
	if len(sum) != 32 {
		t.Fatalf("digest %q is not 32 hex digits", sum)
	}
	variants := []map[string]MessageAttribute{
		{"b": {DataType: "Binary", BinaryValue: []byte{0, 1, 3}}, "a": base["a"]},
		{"b": base["b"], "a": {DataType: "Number", StringValue: "12"}},
		{"b": base["b"], "a": {DataType: "Number.int", StringValue: "13"}},
		{"b": {DataType: "String", StringValue: "\x00\x01\x02"}, "a": base["a"]},
	}
	for i, v := range variants {
		if md5OfAttributes(v) == sum {
			t.Errorf("variant %d has the same digest as the base", i)
		}
	}
	if md5Hex([]byte("hello")) != "5d41402abc4b2a76b9719d911017c592" {
		t.Errorf("md5Hex(hello) = %s", md5Hex([]byte("hello")))
	}
}

func TestValidateQueueName(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 80)
	tests := []struct {
		name    string
		fifo    bool
		wantMsg string
	}{
		{"ok", false, ""},
		{"Ok_-9", false, ""},
		{long, false, ""},
		{long + "a", false, msgQueueName},
		{"", false, msgQueueName},
		{"a.b", false, msgQueueName},
		{"q.fifo", false, msgQueueName},
		{"q.fifo", true, ""},
		{strings.Repeat("a", 75) + ".fifo", true, ""},
		{strings.Repeat("a", 76) + ".fifo", true, msgFIFOQueueName},
		{"q", true, msgFIFOQueueName},
		{".fifo", true, msgFIFOQueueName},
		{"sp ace", false, msgQueueName},
	}
	for _, tt := range tests {
		err := validateQueueName(tt.name, tt.fifo)
		if tt.wantMsg == "" {
			if err != nil {
				t.Errorf("validateQueueName(%q, %v) = %v", tt.name, tt.fifo, err)
			}
			continue
		}
		wantError(t, err, ErrInvalidParameterValue, tt.wantMsg)
	}
}

func TestNormalizeAttribute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		fifo        bool
		want        string
		kind        error
		msg         string
	}{
		{name: "DelaySeconds", value: "900", want: "900"},
		{name: "DelaySeconds", value: "901", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter DelaySeconds."},
		{name: "DelaySeconds", value: "-1", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter DelaySeconds."},
		{name: "DelaySeconds", value: "x", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter DelaySeconds."},
		{name: "VisibilityTimeout", value: "43200", want: "43200"},
		{name: "VisibilityTimeout", value: "43201", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter VisibilityTimeout."},
		{name: "MaximumMessageSize", value: "1023", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter MaximumMessageSize."},
		{name: "MaximumMessageSize", value: "1048576", want: "1048576"},
		{name: "MaximumMessageSize", value: "1048577", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter MaximumMessageSize."},
		{name: "MessageRetentionPeriod", value: "59", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter MessageRetentionPeriod."},
		{name: "MessageRetentionPeriod", value: "1209600", want: "1209600"},
		{name: "ReceiveMessageWaitTimeSeconds", value: "21", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter ReceiveMessageWaitTimeSeconds."},
		{name: "SqsManagedSseEnabled", value: "TRUE", want: "true"},
		{name: "SqsManagedSseEnabled", value: "yes", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter SqsManagedSseEnabled."},
		{name: "ContentBasedDeduplication", value: "true", fifo: true, want: "true"},
		{name: "ContentBasedDeduplication", value: "true", kind: ErrInvalidAttributeName, msg: "You can specify the ContentBasedDeduplication only when FifoQueue is set to true."},
		{name: "DeduplicationScope", value: "queue", kind: ErrInvalidAttributeName, msg: "You can specify the DeduplicationScope only when FifoQueue is set to true."},
		{name: "DeduplicationScope", value: "group", fifo: true, kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter DeduplicationScope."},
		{name: "FifoThroughputLimit", value: "perMessageGroupId", fifo: true, want: "perMessageGroupId"},
		{name: "Policy", value: "[1]", kind: ErrInvalidAttributeValue, msg: "Invalid value for the parameter Policy."},
		{name: "Policy", value: `{"Version":"2012-10-17"}`, want: `{"Version":"2012-10-17"}`},
		{name: "QueueArn", value: "x", kind: ErrInvalidAttributeName, msg: "Unknown Attribute QueueArn."},
		{name: "Bogus", value: "x", kind: ErrInvalidAttributeName, msg: "Unknown Attribute Bogus."},
	}
	for _, tt := range tests {
		got, err := normalizeAttribute(tt.name, tt.value, tt.fifo)
		if tt.kind == nil {
			if err != nil || got != tt.want {
				t.Errorf("normalizeAttribute(%s=%q) = %q, %v; want %q", tt.name, tt.value, got, err, tt.want)
			}
			continue
		}
		wantError(t, err, tt.kind, tt.msg)
	}
}

func TestValidateAttributeSet(t *testing.T) {
	t.Parallel()
	err := validateAttributeSet(map[string]string{attrFifoThroughputLimit: "perMessageGroupId", attrDeduplicationScope: "queue"})
	wantError(t, err, ErrInvalidAttributeValue, "Invalid value for the parameter FifoThroughputLimit. Reason: The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.")
	err = validateAttributeSet(map[string]string{attrSqsManagedSseEnabled: "true", attrKmsMasterKeyID: "alias/x"})
	wantError(t, err, ErrInvalidAttributeName, "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.")
	if err := validateAttributeSet(map[string]string{attrFifoThroughputLimit: "perMessageGroupId", attrDeduplicationScope: "messageGroup"}); err != nil {
		t.Errorf("high throughput FIFO rejected: %v", err)
	}
}

func TestParseRedrivePolicyInput(t *testing.T) {
	t.Parallel()
	const arn = "arn:aws:sqs:us-east-1:000000000000:dlq"
	tests := []struct {
		value     string
		wantCount int
		msg       string
	}{
		{value: `{"deadLetterTargetArn":"` + arn + `","maxReceiveCount":3}`, wantCount: 3},
		{value: `{"deadLetterTargetArn":"` + arn + `","maxReceiveCount":"1000"}`, wantCount: 1000},
		{value: `nope`, msg: "Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map."},
		{value: `{"deadLetterTargetArn":"` + arn + `"}`,
			msg: `Value {"deadLetterTargetArn":"` + arn + `"} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.`},
		{value: `{"maxReceiveCount":1}`,
			msg: `Value {"maxReceiveCount":1} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: deadLetterTargetArn.`},
		{value: `{"deadLetterTargetArn":"` + arn + `","maxReceiveCount":0}`,
			msg: `Value {"deadLetterTargetArn":"` + arn + `","maxReceiveCount":0} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`},
		{value: `{"deadLetterTargetArn":"` + arn + `","maxReceiveCount":1001}`,
			msg: `Value {"deadLetterTargetArn":"` + arn + `","maxReceiveCount":1001} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 1001, valid values are from 1 to 1000 both inclusive.`},
		{value: `{"deadLetterTargetArn":"dlq","maxReceiveCount":1}`,
			msg: `Value {"deadLetterTargetArn":"dlq","maxReceiveCount":1} for parameter RedrivePolicy is invalid. Reason: Dead-letter target ARN should be fully qualified ARN.`},
	}
	for _, tt := range tests {
		target, count, err := parseRedrivePolicyInput(tt.value)
		if tt.msg == "" {
			if err != nil || target != arn || count != tt.wantCount {
				t.Errorf("parse(%s) = %q, %d, %v", tt.value, target, count, err)
			}
			continue
		}
		wantError(t, err, ErrInvalidParameterValue, tt.msg)
	}
}

func TestCheckRedriveAllowPolicy(t *testing.T) {
	t.Parallel()
	const src = "arn:aws:sqs:us-east-1:000000000000:src"
	tests := []struct {
		value, want, msg string
	}{
		{value: "", want: ""},
		{value: `{"redrivePermission":"allowAll"}`, want: `{"redrivePermission":"allowAll"}`},
		{value: `{"sourceQueueArns":["` + src + `"],"redrivePermission":"byQueue"}`, want: `{"redrivePermission":"byQueue","sourceQueueArns":["` + src + `"]}`},
		{value: `{"redrivePermission":"maybe"}`, msg: "Invalid value for the parameter RedriveAllowPolicy. Reason: Amazon SQS can't create the redrive allow policy, as it’s in an unsupported format."},
		{value: `{"redrivePermission":"byQueue"}`, msg: `Value {"redrivePermission":"byQueue"} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. When you specify the byQueue permission type, you must also specify one or more sourceQueueArns values.`},
		{value: `{"redrivePermission":"denyAll","sourceQueueArns":["` + src + `"]}`, msg: `Value {"redrivePermission":"denyAll","sourceQueueArns":["` + src + `"]} for parameter RedriveAllowPolicy is invalid. Reason: Amazon SQS can't create the redrive allow policy. To specify one or more source queue ARNs, you must set redrivePermission to byQueue.`},
	}
	for _, tt := range tests {
		got, err := checkRedriveAllowPolicy(tt.value)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("check(%s) = %q, %v; want %q", tt.value, got, err, tt.want)
			}
			continue
		}
		wantError(t, err, ErrInvalidParameterValue, tt.msg)
	}
}

func TestCheckBatchIDs(t *testing.T) {
	t.Parallel()
	wantError(t, checkBatchIDs(nil, "SendMessageBatchRequestEntry"), ErrEmptyBatchRequest,
		"There should be at least one SendMessageBatchRequestEntry in the request.")
	eleven := make([]string, 11)
	for i := range eleven {
		eleven[i] = string(rune('a' + i))
	}
	wantError(t, checkBatchIDs(eleven, "x"), ErrTooManyEntriesInBatch, "Maximum number of entries per request are 10. You have sent 11.")
	wantError(t, checkBatchIDs([]string{"a", "a"}, "x"), ErrBatchEntryIdsNotDistinct, "Id a repeated.")
	msg := "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."
	wantError(t, checkBatchIDs([]string{"a b"}, "x"), ErrInvalidBatchEntryID, msg)
	wantError(t, checkBatchIDs([]string{strings.Repeat("a", 81)}, "x"), ErrInvalidBatchEntryID, msg)
	if err := checkBatchIDs([]string{strings.Repeat("a", 80), "B-_9"}, "x"); err != nil {
		t.Errorf("valid ids rejected: %v", err)
	}
}

func TestListToken(t *testing.T) {
	t.Parallel()
	name, err := decodeToken(encodeToken("queue-1"))
	if err != nil || name != "queue-1" {
		t.Errorf("round trip = %q, %v", name, err)
	}
	_, err = decodeToken("garbage!")
	wantError(t, err, ErrInvalidParameterValue, "Invalid NextToken value.")
}

func TestParseQueueArn(t *testing.T) {
	t.Parallel()
	ref, ok := parseQueueArn("arn:aws:sqs:eu-west-1:123456789012:q.fifo")
	if !ok || ref != (QueueRef{Account: "123456789012", Name: "q.fifo"}) {
		t.Errorf("parse = %+v, %v", ref, ok)
	}
	for _, bad := range []string{"", "arn:aws:sns:us-east-1:1:q", "arn:aws:sqs:us-east-1:1", "arn:aws:sqs:us-east-1::q"} {
		if _, ok := parseQueueArn(bad); ok {
			t.Errorf("parseQueueArn(%q) accepted", bad)
		}
	}
}

func standardConfig() queueConfig {
	return queueConfig{maxSize: defaultMaximumMessageSize, delay: 5 * time.Second}
}

func fifoConfig() queueConfig {
	return queueConfig{fifo: true, maxSize: defaultMaximumMessageSize}
}

func intPtr(n int) *int { return &n }

func TestPrepareMessage_Errors(t *testing.T) {
	t.Parallel()
	charset := "the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."
	str := func(v string) MessageAttribute { return MessageAttribute{DataType: "String", StringValue: v} }
	tests := []struct {
		name  string
		cfg   queueConfig
		entry SendMessageEntry
		kind  error
		msg   string
	}{
		{"EmptyBody", standardConfig(), SendMessageEntry{}, ErrMissingParameter, "The request must contain the parameter MessageBody."},
		{"ControlCharacter", standardConfig(), SendMessageEntry{Body: "a\x07b"}, ErrInvalidMessageContents,
			"Invalid binary character '#x7' was found in the message body, " + charset},
		{"NotUTF8", standardConfig(), SendMessageEntry{Body: "ok\xff"}, ErrInvalidMessageContents,
			"Invalid binary character '#xFF' was found in the message body, " + charset},
		{"NonCharacter", standardConfig(), SendMessageEntry{Body: "\uFFFE"}, ErrInvalidMessageContents,
			"Invalid binary character '#xFFFE' was found in the message body, " + charset},
		{"TooLong", queueConfig{maxSize: 1024}, SendMessageEntry{Body: strings.Repeat("x", 1020), Attributes: map[string]MessageAttribute{"ab": str("c")}},
			ErrInvalidParameterValue, "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes."},
		{"TooManyAttributes", standardConfig(), SendMessageEntry{Body: "b", Attributes: func() map[string]MessageAttribute {
			m := map[string]MessageAttribute{}
			for i := range 11 {
				m[string(rune('a'+i))] = str("v")
			}
			return m
		}()}, ErrInvalidParameterValue, "Number of message attributes [11] exceeds the allowed maximum [10]."},
		{"ReservedName", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"aws.x": str("v")}},
			ErrInvalidParameterValue, "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'."},
		{"NoType", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"a": {StringValue: "v"}}},
			ErrInvalidParameterValue, "Missing required parameter DataType"},
		{"BadType", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"a": {DataType: "string", StringValue: "1"}}},
			ErrInvalidParameterValue, `Type for parameter MessageAttributes.Attribute_name.DataType must be prefixed with "String", "Binary", or "Number", but was: string`},
		{"LongType", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"a": {DataType: "String." + strings.Repeat("t", 249), StringValue: "1"}}},
			ErrInvalidParameterValue, "Message (user) attribute types must be shorter than 256 Bytes"},
		{"NoValue", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"a": {DataType: "String"}}},
			ErrInvalidParameterValue, "Message (user) attribute 'a' must contain a non-empty value of type 'String'."},
		{"NotANumber", standardConfig(), SendMessageEntry{Body: "b", Attributes: map[string]MessageAttribute{"a": {DataType: "Number", StringValue: "1x"}}},
			ErrInvalidParameterValue, "Can't cast the value of message (user) attribute 'a' to a number."},
		{"SystemAttribute", standardConfig(), SendMessageEntry{Body: "b", SystemAttributes: map[string]MessageAttribute{"SenderId": str("x")}},
			ErrInvalidParameterValue, "Message system attribute name 'SenderId' is invalid."},
		{"DelayRange", standardConfig(), SendMessageEntry{Body: "b", DelaySeconds: intPtr(901)},
			ErrInvalidParameterValue, "Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900."},
		{"DelayOnFIFO", fifoConfig(), SendMessageEntry{Body: "b", DelaySeconds: intPtr(5), GroupID: "g", DedupID: "d"},
			ErrInvalidParameterValue, "Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type."},
		{"NoGroup", fifoConfig(), SendMessageEntry{Body: "b", DedupID: "d"}, ErrMissingParameter, "The request must contain the parameter MessageGroupId."},
		{"NoDedup", fifoConfig(), SendMessageEntry{Body: "b", GroupID: "g"}, ErrInvalidParameterValue,
			"The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"},
		{"BadGroup", fifoConfig(), SendMessageEntry{Body: "b", GroupID: "g h", DedupID: "d"}, ErrInvalidParameterValue,
			"Value g h for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length."},
		{"DedupOnStandard", standardConfig(), SendMessageEntry{Body: "b", DedupID: "d"}, ErrInvalidParameterValue,
			"Value d for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := prepareMessage(tt.cfg, "000000000000", &tt.entry)
			wantError(t, err, tt.kind, tt.msg)
		})
	}
}

func TestPrepareMessage_Fields(t *testing.T) {
	t.Parallel()
	cfg := fifoConfig()
	cfg.contentDedup = true
	e := SendMessageEntry{
		Body:             "hello",
		GroupID:          "g",
		DelaySeconds:     intPtr(0),
		Attributes:       map[string]MessageAttribute{"a": {DataType: "String", StringValue: "v"}},
		SystemAttributes: map[string]MessageAttribute{"AWSTraceHeader": {DataType: "String", StringValue: "Root=1"}},
	}
	pm, err := prepareMessage(cfg, "sender", &e)
	if err != nil {
		t.Fatal(err)
	}
	m := pm.entry.Message
	if m.MD5OfBody != "5d41402abc4b2a76b9719d911017c592" || m.MD5OfAttributes != "a18cbb58171ebf4ce88d9fb787f9210b" {
		t.Errorf("digests = %s, %s", m.MD5OfBody, m.MD5OfAttributes)
	}
	if m.DedupID != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Errorf("content-based dedup id = %s", m.DedupID)
	}
	if m.TraceHeader != "Root=1" || m.MD5OfSystemAttributes == "" || m.SenderID != "sender" || m.GroupID != "g" {
		t.Errorf("message = %+v", m)
	}
	if len(m.ID) != 36 || m.ID[14] != '4' {
		t.Errorf("id %q is not a version 4 UUID", m.ID)
	}
	if pm.size != len("hello")+len("a")+len("String")+len("v") {
		t.Errorf("size = %d", pm.size)
	}

	std, err := prepareMessage(standardConfig(), "s", &SendMessageEntry{Body: "x", GroupID: "tenant-1"})
	if err != nil {
		t.Fatal(err)
	}
	if std.entry.Delay != 5*time.Second || std.entry.Message.GroupID != "tenant-1" {
		t.Errorf("standard entry = %+v", std.entry)
	}
}

func TestCheckNumber(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"0", "-1.5", "+42", ".5", "42.", "1e10", "1.5e-10", strings.Repeat("9", 38), "1" + strings.Repeat("0", 126)} {
		if err := checkNumber("n", v); err != nil {
			t.Errorf("checkNumber(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"", "x", "-", ".", "1.2.3", "4 2", "1,000", "0x1f", "1_000", "1e", "Inf", "NaN"} {
		wantError(t, checkNumber("n", v), ErrInvalidParameterValue, "Can't cast the value of message (user) attribute 'n' to a number.")
	}
	for _, v := range []string{"2" + strings.Repeat("0", 126), "-2" + strings.Repeat("0", 128), strings.Repeat("9", 39)} {
		wantError(t, checkNumber("n", v), ErrInvalidParameterValue, "Value "+v+" for message (user) attribute 'n' should be in range (-10**128..10**126).")
	}
}

func TestCheckAttributeName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"AWSfoo", "amazonfoo", "aws-foo", "trace.id", "Foo_Bar-1.2", strings.Repeat("a", 255)} {
		if err := checkAttributeName(name); err != nil {
			t.Errorf("checkAttributeName(%q) = %v", name, err)
		}
	}
	tests := map[string]string{
		"AWS.trace":              msgAttributeNameReserved,
		"aws.trace":              msgAttributeNameReserved,
		"AMAZON.trace":           msgAttributeNameReserved,
		".trace":                 msgAttributeNameReserved,
		"trace.":                 msgAttributeNameReserved,
		"trace..id":              msgAttributeNamePeriods,
		"trace id":               msgAttributeNameCharacters,
		"traceÀid":               msgAttributeNameCharacters,
		strings.Repeat("a", 256): msgAttributeNameLength,
	}
	for name, msg := range tests {
		wantError(t, checkAttributeName(name), ErrInvalidParameterValue, msg)
	}
}
