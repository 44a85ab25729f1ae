package config

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeFile reads a YAML configuration file into c. Every problem (syntax,
// unknown key, wrong type) is added to ps with its line; decoding goes on
// past each so that one pass reports them all.
func decodeFile(c *Config, path string, data []byte, ps *Problems) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		ps.add(yamlErrorWhere(path, err), "%s", yamlErrorMessage(err))
		return
	}
	if len(doc.Content) == 0 {
		return // an empty file sets nothing
	}
	d := &fileDecoder{c: c, path: path, ps: ps}
	d.top(doc.Content[0])
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorWhere turns the line a YAML syntax error names into path:line.
func yamlErrorWhere(path string, err error) string {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		return path + ":" + m[1]
	}
	return path
}

func yamlErrorMessage(err error) string {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		return m[2]
	}
	return err.Error()
}

// fileDecoder walks the YAML tree, setting c and reporting problems.
type fileDecoder struct {
	c    *Config
	path string
	ps   *Problems
}

func (d *fileDecoder) at(n *yaml.Node) string { return fmt.Sprintf("%s:%d", d.path, n.Line) }

func (d *fileDecoder) problem(n *yaml.Node, format string, args ...any) {
	d.ps.add(d.at(n), format, args...)
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping calls fn for each key of a mapping node, in order. fn returns
// false for a key it does not know, which is reported with the keys
// known. Duplicate keys are reported too.
func (d *fileDecoder) mapping(n *yaml.Node, what string, known []string, fn func(key string, v *yaml.Node)) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.problem(n, "%s: want a mapping of keys to values", what)
		return
	}
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		key := k.Value
		switch {
		case seen[key]:
			d.problem(k, "%s: key %q given twice", what, key)
		case known != nil && !slices.Contains(known, key):
			d.problem(k, "%s: unknown key %q (known keys: %s)", what, key, strings.Join(known, ", "))
		default:
			seen[key] = true
			fn(key, v)
		}
	}
}

// sequence calls fn for each item of a sequence node.
func (d *fileDecoder) sequence(n *yaml.Node, what string, fn func(item *yaml.Node)) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.problem(n, "%s: want a list", what)
		return
	}
	for _, item := range n.Content {
		fn(deref(item))
	}
}

// scalar returns a scalar's text; a null gives "" and false, as does any
// other kind of node (reported).
func (d *fileDecoder) scalar(n *yaml.Node, what string) (string, bool) {
	if isNull(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.problem(n, "%s: want a single value, not a list or mapping", what)
		return "", false
	}
	return n.Value, true
}

func (d *fileDecoder) integer(n *yaml.Node, what string) (int, bool) {
	v, ok := d.scalar(n, what)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		d.problem(n, "%s: %q is not a whole number", what, v)
		return 0, false
	}
	return i, true
}

func (d *fileDecoder) boolean(n *yaml.Node, what string) (bool, bool) {
	v, ok := d.scalar(n, what)
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		d.problem(n, "%s: %q: want true or false", what, v)
		return false, false
	}
	return b, true
}

// Keys of the file's sections.
var (
	topKeys        = []string{"listen", "data_dir", "memory", "advertised_url", "log", "tls", "credentials", "allow_anonymous", "kinesis", "console", "queues", "streams"}
	logKeys        = []string{"level", "format"}
	kinesisKeys    = []string{"state_delay", "throughput_limits", "shard_limit"}
	consoleKeys    = []string{"enabled", "path"}
	tlsKeys        = []string{"cert_file", "key_file"}
	credentialKeys = []string{"access_key_id", "secret_access_key", "account"}
	queueKeys      = []string{"name", "account", "attributes", "tags"}
	redriveKeys    = []string{"deadLetterTargetArn", "maxReceiveCount"}
	streamKeys     = []string{"name", "account", "shards", "on_demand", "retention_hours", "tags"}
)

func (d *fileDecoder) top(root *yaml.Node) {
	d.mapping(root, "configuration", topKeys, func(key string, v *yaml.Node) {
		switch key {
		case "log":
			d.section(v, key, logKeys)
		case "tls":
			d.section(v, key, tlsKeys)
		case "kinesis":
			d.section(v, key, kinesisKeys)
		case "console":
			d.section(v, key, consoleKeys)
		case "credentials":
			d.sequence(v, key, d.credential)
			d.c.setOrigin(key, d.at(v))
		case "queues":
			d.sequence(v, key, d.queue)
		case "streams":
			d.sequence(v, key, d.stream)
		default:
			d.setting(key, v)
		}
	})
}

// section reads a nested mapping of scalar settings (log, tls, kinesis).
func (d *fileDecoder) section(n *yaml.Node, name string, keys []string) {
	d.mapping(n, name, keys, func(key string, v *yaml.Node) { d.setting(name+"."+key, v) })
}

// setting stores one scalar setting.
func (d *fileDecoder) setting(key string, v *yaml.Node) {
	i := slices.IndexFunc(settings, func(s setting) bool { return s.key == key })
	value, ok := d.scalar(v, key)
	if !ok {
		return
	}
	if err := settings[i].set(d.c, value); err != nil {
		d.problem(v, "%s: %v", key, err)
		return
	}
	d.c.setOrigin(key, d.at(v))
}

func (d *fileDecoder) credential(n *yaml.Node) {
	cr := Credential{Origin: d.at(n)}
	d.mapping(n, "credential", credentialKeys, func(key string, v *yaml.Node) {
		value, _ := d.scalar(v, key)
		switch key {
		case "access_key_id":
			cr.AccessKey = value
		case "secret_access_key":
			cr.Secret = value
		case "account":
			cr.Account = value
		}
	})
	d.c.Credentials = append(d.c.Credentials, cr)
}

func (d *fileDecoder) queue(n *yaml.Node) {
	q := Queue{Origin: d.at(n), at: make(map[string]string)}
	d.mapping(n, "queue", queueKeys, func(key string, v *yaml.Node) {
		q.at[key] = d.at(v)
		switch key {
		case "name":
			q.Name, _ = d.scalar(v, key)
		case "account":
			q.Account, _ = d.scalar(v, key)
		case "attributes":
			d.mapping(v, "attributes", nil, func(name string, av *yaml.Node) { d.attribute(&q, name, av) })
		case "tags":
			q.Tags = d.tags(v)
		}
	})
	d.c.Queues = append(d.c.Queues, q)
}

// attribute reads one queue attribute, by its AWS name.
func (d *fileDecoder) attribute(q *Queue, name string, v *yaml.Node) {
	q.at["attributes."+name] = d.at(v)
	what := "attribute " + name
	rule, known := attributeRules[name]
	switch {
	case !known:
		d.problem(v, "unknown queue attribute %q (known: %s)", name, strings.Join(attributeNames(), ", "))
		return
	case rule.kind == kindRedrive:
		q.Redrive = d.redrive(v)
		return
	case rule.kind == kindJSON && (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode):
		d.setAttribute(q, name, d.json(v, what))
		return
	}
	value, ok := d.scalar(v, what)
	if !ok {
		return
	}
	normalized, err := rule.normalize(value)
	if err != nil {
		d.problem(v, "%s: %v", what, err)
		return
	}
	d.setAttribute(q, name, normalized)
}

func (d *fileDecoder) setAttribute(q *Queue, name, value string) {
	if q.Attributes == nil {
		q.Attributes = make(map[string]string)
	}
	q.Attributes[name] = value
}

// json renders a YAML mapping or list as JSON (a Policy document).
func (d *fileDecoder) json(v *yaml.Node, what string) string {
	var x any
	if err := v.Decode(&x); err != nil {
		d.problem(v, "%s: %v", what, err)
		return ""
	}
	out, err := json.Marshal(x)
	if err != nil {
		d.problem(v, "%s: cannot be written as JSON: %v", what, err)
		return ""
	}
	return string(out)
}

// redrive reads a RedrivePolicy mapping.
func (d *fileDecoder) redrive(v *yaml.Node) *Redrive {
	r := &Redrive{}
	const what = "RedrivePolicy"
	if v.Kind != yaml.MappingNode {
		d.problem(v, "%s: want a mapping {deadLetterTargetArn: <queue name or ARN>, maxReceiveCount: <1-1000>}", what)
		return nil
	}
	d.mapping(v, what, redriveKeys, func(key string, mv *yaml.Node) {
		switch key {
		case "deadLetterTargetArn":
			r.DeadLetterQueue, _ = d.scalar(mv, what+"."+key)
		case "maxReceiveCount":
			r.MaxReceiveCount, _ = d.integer(mv, what+"."+key)
		}
	})
	return r
}

func (d *fileDecoder) tags(n *yaml.Node) map[string]string {
	tags := make(map[string]string)
	d.mapping(n, "tags", nil, func(key string, v *yaml.Node) {
		if value, ok := d.scalar(v, "tag "+key); ok {
			tags[key] = value
		}
	})
	return tags
}

func (d *fileDecoder) stream(n *yaml.Node) {
	s := Stream{Origin: d.at(n), at: make(map[string]string)}
	d.mapping(n, "stream", streamKeys, func(key string, v *yaml.Node) {
		s.at[key] = d.at(v)
		switch key {
		case "name":
			s.Name, _ = d.scalar(v, key)
		case "account":
			s.Account, _ = d.scalar(v, key)
		case "shards":
			var ok bool
			if s.Shards, ok = d.integer(v, key); !ok {
				delete(s.at, key) // reported; Validate need not report it again
			}
		case "on_demand":
			s.OnDemand, _ = d.boolean(v, key)
		case "retention_hours":
			s.RetentionHours, _ = d.integer(v, key)
		case "tags":
			s.Tags = d.tags(v)
		}
	})
	d.c.Streams = append(d.c.Streams, s)
}
