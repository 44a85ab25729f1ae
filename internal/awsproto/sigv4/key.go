package sigv4

import "sync"

// maxCachedKeys bounds the signing-key cache. Keys change daily and per
// region and service, so a busy server holds a few per access key; when the
// bound is reached the cache starts over.
const maxCachedKeys = 4096

// keyCache holds derived signing keys. Entries are keyed by the secret
// itself, so a secret that changes never meets its predecessor's key.
type keyCache struct {
	mu   sync.Mutex
	keys map[keyID][]byte
}

type keyID struct {
	secret string
	scope  scope
}

// signingKey returns HMAC("AWS4"+secret, date, region, service,
// "aws4_request"), derived once per secret and scope.
func (c *keyCache) signingKey(secret string, s scope) []byte {
	id := keyID{secret, s}
	c.mu.Lock()
	key, ok := c.keys[id]
	c.mu.Unlock()
	if ok {
		return key
	}
	key = hmacSHA256([]byte("AWS4"+secret), s.date)
	key = hmacSHA256(key, s.region)
	key = hmacSHA256(key, s.service)
	key = hmacSHA256(key, "aws4_request")
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[keyID][]byte)
	}
	c.keys[id] = key
	return key
}
