package queue

import (
	"errors"
	"maps"
	"testing"
)

func TestNormalizeDeliveryAttributes(t *testing.T) {
	t.Parallel()
	valid := []struct{ name, value, want string }{
		{"SluiceDeliveryRate", "0", "0"},
		{"SluiceDeliveryRate", "0.5", "0.5"},
		{"SluiceDeliveryRate", "0.50", "0.5"},
		{"SluiceDeliveryRate", "007", "7"},
		{"SluiceDeliveryRate", "1000.000001", "1000.000001"},
		{"SluiceDeliveryRate", "1000000", "1000000"},
		{"SluiceDeliveryRate", "", ""},
		{"SluiceDeliveryBurst", "1", "1"},
		{"SluiceDeliveryBurst", "01000000", "1000000"},
		{"SluiceDeliveryBurst", "", ""},
		{"SluiceMaxInFlight", "1", "1"},
		{"SluiceMaxInFlight", "120000", "120000"},
		{"SluiceMaxInFlight", "", ""},
	}
	for _, tt := range valid {
		got, err := normalizeAttribute(tt.name, tt.value, false)
		if err != nil || got != tt.want {
			t.Errorf("normalizeAttribute(%s=%q) = %q, %v; want %q", tt.name, tt.value, got, err, tt.want)
		}
		if got, err := normalizeAttribute(tt.name, tt.value, true); err != nil || got != tt.want {
			t.Errorf("normalizeAttribute(%s=%q) on a FIFO queue = %q, %v; want %q", tt.name, tt.value, got, err, tt.want)
		}
	}
	invalid := []struct{ name, value string }{
		{"SluiceDeliveryRate", "-1"},
		{"SluiceDeliveryRate", "+1"},
		{"SluiceDeliveryRate", "1e3"},
		{"SluiceDeliveryRate", ".5"},
		{"SluiceDeliveryRate", "5."},
		{"SluiceDeliveryRate", "0.0000001"},
		{"SluiceDeliveryRate", "1000000.1"},
		{"SluiceDeliveryRate", "NaN"},
		{"SluiceDeliveryRate", "Inf"},
		{"SluiceDeliveryRate", "0x10"},
		{"SluiceDeliveryRate", " 1"},
		{"SluiceDeliveryRate", "fast"},
		{"SluiceDeliveryBurst", "0"},
		{"SluiceDeliveryBurst", "1.5"},
		{"SluiceDeliveryBurst", "1000001"},
		{"SluiceMaxInFlight", "0"},
		{"SluiceMaxInFlight", "-3"},
		{"SluiceMaxInFlight", "120001"},
	}
	for _, tt := range invalid {
		_, err := normalizeAttribute(tt.name, tt.value, false)
		wantError(t, err, ErrInvalidAttributeValue, "Invalid value for the parameter "+tt.name+".")
	}
	_, err := normalizeAttribute("SluiceDeliveryRatio", "1", false)
	wantError(t, err, ErrInvalidAttributeName, "Unknown Attribute SluiceDeliveryRatio.")
}

func TestDeliveryAttributes_Service(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	r := b.create(t, "q", map[string]string{"SluiceDeliveryRate": "0.50", "SluiceMaxInFlight": "100"})
	all := b.attributes(t, r, "All")
	wantAttributes(t, all, map[string]string{"SluiceDeliveryRate": "0.5", "SluiceMaxInFlight": "100"})
	if v, ok := all["SluiceDeliveryBurst"]; ok {
		t.Errorf("All shows SluiceDeliveryBurst=%q, which is not set", v)
	}
	byName := b.attributes(t, r, "SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight")
	if want := map[string]string{"SluiceDeliveryRate": "0.5", "SluiceDeliveryBurst": "1", "SluiceMaxInFlight": "100"}; !maps.Equal(byName, want) {
		t.Errorf("by name = %v, want %v", byName, want)
	}
	b.create(t, "q", map[string]string{"SluiceDeliveryRate": "0.5"}) // the same: idempotent
	err := b.svc.CreateQueue(b.ctx, &CreateQueueParams{Queue: r, Attributes: map[string]string{"SluiceDeliveryRate": "2"}})
	wantError(t, err, ErrQueueNameExists, "A queue already exists with the same name and a different value for attribute SluiceDeliveryRate")

	before := b.attributes(t, r, "All")
	for _, bad := range []map[string]string{
		{"SluiceDeliveryRate": "-1"},
		{"SluiceDeliveryBurst": "0", "VisibilityTimeout": "5"},
		{"SluiceMaxInFlight": "many", "SluiceDeliveryRate": "3"},
	} {
		err := b.svc.SetQueueAttributes(b.ctx, r, bad)
		if !errors.Is(err, ErrInvalidAttributeValue) {
			t.Errorf("SetQueueAttributes(%v) = %v, want InvalidAttributeValue", bad, err)
		}
	}
	wantError(t, b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"SluiceColour": "blue"}),
		ErrInvalidAttributeName, "Unknown Attribute SluiceColour.")
	if after := b.attributes(t, r, "All"); !maps.Equal(before, after) {
		t.Errorf("refused changes changed the queue:\nbefore %v\nafter  %v", before, after)
	}

	if err := b.svc.SetQueueAttributes(b.ctx, r, map[string]string{"SluiceDeliveryRate": "", "SluiceDeliveryBurst": "7"}); err != nil {
		t.Fatal(err)
	}
	all = b.attributes(t, r, "All")
	if _, ok := all["SluiceDeliveryRate"]; ok || all["SluiceDeliveryBurst"] != "7" {
		t.Errorf("after removing the rate and setting a burst, All = %v", all)
	}
	if got := b.attributes(t, r, "SluiceDeliveryRate")["SluiceDeliveryRate"]; got != "" {
		t.Errorf("removed rate by name = %q, want empty", got)
	}

	plain := b.create(t, "plain", nil)
	byName = b.attributes(t, plain, "SluiceDeliveryRate", "SluiceDeliveryBurst", "SluiceMaxInFlight")
	if want := map[string]string{"SluiceDeliveryRate": "", "SluiceDeliveryBurst": "", "SluiceMaxInFlight": ""}; !maps.Equal(byName, want) {
		t.Errorf("unset by name = %v, want %v", byName, want)
	}
}
