package server

import "github.com/sluicemq/sluice/internal/config"

// ConfigFrom turns a loaded, validated configuration into the server's
// Config. Logger and Clock are left for the caller.
func ConfigFrom(c *config.Config) Config {
	cfg := Config{
		Listen:                 c.Listen,
		DataDir:                c.DataDir,
		Memory:                 c.Memory,
		AdvertisedURL:          c.AdvertisedURL,
		TLSCertFile:            c.TLSCertFile,
		TLSKeyFile:             c.TLSKeyFile,
		Queues:                 c.Queues,
		Streams:                c.Streams,
		StreamStateDelay:       c.KinesisStateDelay,
		StreamThroughputLimits: c.KinesisThroughputLimits,
		StreamShardLimit:       c.KinesisShardLimit,
		ConsolePrefix:          c.ConsolePath,
		ConsoleDisabled:        !c.ConsoleEnabled,
	}
	for _, cr := range c.Credentials {
		cfg.Credentials = append(cfg.Credentials, Credential{AccessKey: cr.AccessKey, Secret: cr.Secret, Account: cr.Account})
	}
	return cfg
}
