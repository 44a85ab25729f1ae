// Package prom is public and allowed Prometheus.
package prom

import "github.com/prometheus/client_golang/prometheus"

// Registry is a registry.
var Registry = prometheus.NewRegistry()
