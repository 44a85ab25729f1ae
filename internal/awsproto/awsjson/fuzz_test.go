package awsjson

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzJSONDecode checks that no body makes Decode panic or fail with
// anything but a *DecodeError, and that what decodes encodes.
func FuzzJSONDecode(f *testing.F) {
	for _, seed := range []string{
		`{"QueueUrl":"u","Entries":[{"Id":"a","MessageBody":"b","DelaySeconds":1,"MessageAttributes":{"k":{"DataType":"Binary","BinaryValue":"AAE="}}}]}`,
		`{"QueueName":"q","Attributes":{"a":"b"},"tags":{"c":"d"}}`,
		`{"Entries":[{"DelaySeconds":1e40}]}`,
		`{"Entries":{}}`,
		`[]`, `null`, `"x"`, `{`, `{} x`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, in := range []any{&sendBatchInput{}, &createQueueInput{}} {
			err := Decode(body, in)
			if err != nil {
				if _, ok := errors.AsType[*DecodeError](err); !ok {
					t.Fatalf("Decode(%q) = %v, want a *DecodeError", body, err)
				}
				continue
			}
			if _, err := json.Marshal(in); err != nil {
				t.Fatalf("Marshal after Decode(%q): %v", body, err)
			}
		}
	})
}
