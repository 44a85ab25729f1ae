package config

import (
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Redacted stands for a secret in printed configuration.
const Redacted = "[redacted]"

// Print writes the effective configuration as YAML that Load would read
// back, each setting followed by a comment saying where its value came
// from. Secret access keys are replaced by Redacted.
func (c *Config) Print(w io.Writer) error {
	root := &yaml.Node{Kind: yaml.MappingNode}
	c.printSettings(root)
	if len(c.Credentials) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, cr := range c.Credentials {
			m := mappingNode("access_key_id", cr.AccessKey, "secret_access_key", Redacted, "account", cr.Account)
			m.Content[0].HeadComment = cr.Origin
			seq.Content = append(seq.Content, m)
		}
		addPair(root, "credentials", seq, "")
	}
	if len(c.Queues) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range c.Queues {
			seq.Content = append(seq.Content, c.Queues[i].node())
		}
		addPair(root, "queues", seq, "")
	}
	if len(c.Streams) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range c.Streams {
			seq.Content = append(seq.Content, c.Streams[i].node())
		}
		addPair(root, "streams", seq, "")
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return err
	}
	return enc.Close()
}

// printSettings adds the scalar settings, nesting log.*, tls.* and kinesis.*.
func (c *Config) printSettings(root *yaml.Node) {
	values := map[string]string{
		"listen": c.Listen, "data_dir": c.DataDir, "memory": strconv.FormatBool(c.Memory),
		"advertised_url": c.AdvertisedURL, "log.level": c.LogLevel, "log.format": c.LogFormat,
		"tls.cert_file": c.TLSCertFile, "tls.key_file": c.TLSKeyFile,
		"allow_anonymous":     strconv.FormatBool(c.AllowAnonymous),
		"kinesis.state_delay": c.KinesisStateDelay.String(), "kinesis.throughput_limits": strconv.FormatBool(c.KinesisThroughputLimits),
		"console.enabled": strconv.FormatBool(c.ConsoleEnabled), "console.path": c.ConsolePath,
		"kinesis.shard_limit": strconv.Itoa(c.KinesisShardLimit),
	}
	sections := map[string]*yaml.Node{}
	for _, s := range settings {
		parent, key := root, s.key
		if section, sub, nested := strings.Cut(s.key, "."); nested {
			if sections[section] == nil {
				sections[section] = &yaml.Node{Kind: yaml.MappingNode}
				addPair(root, section, sections[section], "")
			}
			parent, key = sections[section], sub
		}
		addPair(parent, key, scalarNode(values[s.key]), c.Origin(s.key))
	}
}

func (q *Queue) node() *yaml.Node {
	m := mappingNode("name", q.Name)
	m.Content[0].HeadComment = q.Origin
	if q.Account != "" {
		addPair(m, "account", scalarNode(q.Account), "")
	}
	if len(q.Attributes) > 0 || q.Redrive != nil {
		attrs := &yaml.Node{Kind: yaml.MappingNode}
		for _, name := range slices.Sorted(maps.Keys(q.Attributes)) {
			addPair(attrs, name, scalarNode(q.Attributes[name]), "")
		}
		if r := q.Redrive; r != nil {
			addPair(attrs, attrRedrivePolicy, mappingNode("deadLetterTargetArn", r.DeadLetterQueue,
				"maxReceiveCount", strconv.Itoa(r.MaxReceiveCount)), "")
		}
		addPair(m, "attributes", attrs, "")
	}
	if len(q.Tags) > 0 {
		addPair(m, "tags", tagsNode(q.Tags), "")
	}
	return m
}

func (s *Stream) node() *yaml.Node {
	m := mappingNode("name", s.Name)
	m.Content[0].HeadComment = s.Origin
	if s.Account != "" {
		addPair(m, "account", scalarNode(s.Account), "")
	}
	if s.IsOnDemand() {
		addPair(m, "on_demand", scalarNode("true"), "")
	} else {
		addPair(m, "shards", scalarNode(strconv.Itoa(s.Shards)), "")
	}
	addPair(m, "retention_hours", scalarNode(strconv.Itoa(s.RetentionHours)), "")
	if len(s.Tags) > 0 {
		addPair(m, "tags", tagsNode(s.Tags), "")
	}
	return m
}

func tagsNode(tags map[string]string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		addPair(m, k, scalarNode(tags[k]), "")
	}
	return m
}

// scalarNode is a string scalar; the encoder quotes it when it would
// otherwise read back as another type.
func scalarNode(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: v}
}

func mappingNode(kv ...string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		addPair(m, kv[i], scalarNode(kv[i+1]), "")
	}
	return m
}

func addPair(m *yaml.Node, key string, value *yaml.Node, comment string) {
	value.LineComment = comment
	m.Content = append(m.Content, scalarNode(key), value)
}
