package sqsapi

import (
	"maps"
	"slices"
	"testing"

	"github.com/sluicemq/sluice/internal/queue"
)

func TestMD5OfAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		attrs map[string]queue.MessageAttribute
		want  string
	}{
		{"OneString", map[string]queue.MessageAttribute{"a": {DataType: "String", StringValue: "v"}}, "a18cbb58171ebf4ce88d9fb787f9210b"},
		{"Mixed", map[string]queue.MessageAttribute{
			"c.x": {DataType: "String.custom", StringValue: "héllo"},
			"b":   {DataType: "Binary", BinaryValue: []byte{0x00, 0xff, 'v'}},
			"a":   {DataType: "Number", StringValue: "1"},
		}, "eafe95009085d7b95fe099954d475afc"},
	}
	for _, tt := range tests {
		if got := md5OfAttributes(tt.attrs); got != tt.want {
			t.Errorf("%s: md5OfAttributes = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestAttributeFilter(t *testing.T) {
	t.Parallel()
	attrs := map[string]queue.MessageAttribute{
		"bar.one": {DataType: "String", StringValue: "1"},
		"bar.two": {DataType: "String", StringValue: "2"},
		"barn":    {DataType: "String", StringValue: "3"},
		"foo":     {DataType: "String", StringValue: "4"},
	}
	tests := []struct {
		names   []string
		want    []string
		wantAll bool
	}{
		{nil, nil, false},
		{[]string{"All"}, []string{"bar.one", "bar.two", "barn", "foo"}, true},
		{[]string{".*"}, []string{"bar.one", "bar.two", "barn", "foo"}, true},
		{[]string{"*"}, []string{"bar.one", "bar.two", "barn", "foo"}, true},
		{[]string{"bar.*"}, []string{"bar.one", "bar.two", "barn"}, false},
		{[]string{"bar.o.*"}, []string{"bar.one"}, false},
		{[]string{"fo.*"}, []string{"foo"}, false},
		{[]string{"foo"}, []string{"foo"}, false},
		{[]string{"foo", "barn", "bar.*"}, []string{"bar.one", "bar.two", "barn", "foo"}, true},
		{[]string{"missing"}, nil, false},
		{[]string{"Foo"}, nil, false},
	}
	for _, tt := range tests {
		got, all := newAttributeFilter(tt.names).apply(attrs)
		names := slices.Sorted(maps.Keys(got))
		if !slices.Equal(names, tt.want) || all != tt.wantAll {
			t.Errorf("filter %q = %q, all %v; want %q, all %v", tt.names, names, all, tt.want, tt.wantAll)
		}
		if len(tt.want) == 0 && got != nil {
			t.Errorf("filter %q: empty result is %#v, want nil", tt.names, got)
		}
	}
}
