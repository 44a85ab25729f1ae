package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// TestKinesisTags_RemoveTagsFromStreamChecksKeys checks that
// RemoveTagsFromStream checks its keys as AddTagsToStream checks tags:
// lengths first, then, once the stream is found, their characters.
func TestKinesisTags_RemoveTagsFromStreamChecksKeys(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	name := h.createStream(t, 1)
	if _, err := h.kin.AddTagsToStream(h.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(name),
		Tags: map[string]string{"a": "1", "ü0 _.": "2", "/=+-@": "3"}}); err != nil {
		t.Fatal(err)
	}
	missing := queueName(t, "missing")
	long := strings.Repeat("a", 129)
	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	keyLengths := "Member must satisfy constraint: [Member must have length less than or equal to 128, " +
		"Member must have length greater than or equal to 1]"
	tests := []struct {
		name, stream string
		keys         []string
		code, want   string // no code: the keys are removed
	}{
		{"NoKeys", name, []string{}, "ValidationException", "1 validation error detected: Value '[]' at 'tagKeys' " +
			"failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"LongKey", name, []string{"a", long, "b"}, "ValidationException", "1 validation error detected: Value '[a, " +
			long + ", b]' at 'tagKeys' failed to satisfy constraint: " + keyLengths},
		{"EmptyKey", name, []string{""}, "ValidationException", "1 validation error detected: Value '[]' at " +
			"'tagKeys' failed to satisfy constraint: " + keyLengths},
		{"TooMany", name, many, "ValidationException", "1 validation error detected: Value '[" + strings.Join(many, ", ") +
			"]' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50"},
		{"UnknownStream", missing, []string{";"}, "ResourceNotFoundException",
			fmt.Sprintf("Stream %s under account %s not found.", missing, account)},
		{"Semicolon", name, []string{"abc;def"}, "InvalidArgumentException", "Some tags contain invalid characters. " +
			"Valid characters: Unicode letters, digits, white space, _ . / = + - % @."},
		{"Tab", name, []string{"abc\tdef"}, "InvalidArgumentException", "Some tags contain invalid characters. " +
			"Valid characters: Unicode letters, digits, white space, _ . / = + - % @."},
		{"Percent", name, []string{"abc%def"}, "InvalidArgumentException", fmt.Sprintf("Failed to remove tags from "+
			"stream %s under account %s because some tags contained illegal characters. The allowed characters are "+
			"Unicode letters, white-spaces, '_',',','/','=','+','-','@'.", name, account)},
		{"Valid", name, []string{"ü0 _.", "/=+-@"}, "", ""},
	}
	for _, tt := range tests { // in order: the last one removes tags
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.kin.RemoveTagsFromStream(h.ctx, &kinesis.RemoveTagsFromStreamInput{StreamName: aws.String(tt.stream),
				TagKeys: tt.keys})
			if tt.code != "" {
				if e := wantAPIError(t, err, tt.code); e.ErrorMessage() != tt.want {
					t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			out, err := h.kin.ListTagsForStream(h.ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String(name)})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Tags) != 1 || aws.ToString(out.Tags[0].Key) != "a" {
				t.Errorf("tags left = %+v, want only a", out.Tags)
			}
		})
	}
}

// TestKinesisTags_StreamBeforeCharacters checks that AddTagsToStream, like
// RemoveTagsFromStream, looks for the stream before it checks characters.
func TestKinesisTags_StreamBeforeCharacters(t *testing.T) {
	t.Parallel()
	h := newKinesisHarness(t)
	missing := queueName(t, "missing")
	_, err := h.kin.AddTagsToStream(h.ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String(missing),
		Tags: map[string]string{";": "x"}})
	want := fmt.Sprintf("Stream %s under account %s not found.", missing, account)
	if e := wantAPIError(t, err, "ResourceNotFoundException"); e.ErrorMessage() != want {
		t.Errorf("message = %q\nwant      %q", e.ErrorMessage(), want)
	}
}
