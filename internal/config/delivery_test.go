package config

import (
	"errors"
	"strings"
	"testing"
)

func TestLoad_DeliveryAttributes(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, `
queues:
  - name: likes
    attributes:
      SluiceDeliveryRate: 0.50
      SluiceDeliveryBurst: "010"
      SluiceMaxInFlight: 200
  - name: paused
    attributes:
      SluiceDeliveryRate: 0
`, nil, nil)
	got := c.Queues[0].Attributes
	for name, want := range map[string]string{"SluiceDeliveryRate": "0.5", "SluiceDeliveryBurst": "10", "SluiceMaxInFlight": "200"} {
		if got[name] != want {
			t.Errorf("%s = %q, want %q (as SQS stores it)", name, got[name], want)
		}
	}
	if rate := c.Queues[1].Attributes["SluiceDeliveryRate"]; rate != "0" {
		t.Errorf("paused queue's rate = %q, want 0", rate)
	}
}

func TestLoad_DeliveryAttributeProblems(t *testing.T) {
	t.Parallel()
	_, err := load(t, `
queues:
  - name: likes
    attributes:
      SluiceDeliveryRate: fast
      SluiceDeliveryBurst: 0
      SluiceMaxInFlight: 1.5
  - name: other
    attributes:
      SluiceDeliveryRate: 2000000
      SluiceDeliveryRatio: 1
`, nil, nil)
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load = %v, want Problems", err)
	}
	for _, w := range []string{
		`sluice.yaml:5: attribute SluiceDeliveryRate: "fast" is not a decimal number of messages per second such as 10 or 0.5`,
		`sluice.yaml:6: attribute SluiceDeliveryBurst: 0 is out of range 1 to 1000000`,
		`sluice.yaml:7: attribute SluiceMaxInFlight: "1.5" is not a whole number`,
		`sluice.yaml:10: attribute SluiceDeliveryRate: 2000000 is out of range 0 to 1000000`,
		`sluice.yaml:11: unknown queue attribute "SluiceDeliveryRatio"`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problems do not include %q:\n%v", w, err)
		}
	}
}
