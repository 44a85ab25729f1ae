package stream

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sluicemq/sluice/internal/store"
)

// StreamRef names a stream: its owning account and its name. It is the
// store's type, re-exported so callers of Service need not import store.
type StreamRef = store.StreamRef

var namePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)

// ShardID returns the public id of shard index i: shardId-000000000007.
func ShardID(i int) string {
	digits := strconv.Itoa(i)
	if len(digits) < 12 {
		digits = strings.Repeat("0", 12-len(digits)) + digits
	}
	return "shardId-" + digits
}

// parseShardID reads a shard id as Kinesis does: the part after the first
// hyphen (up to the next one), or the whole id when it has no hyphen or
// nothing follows it, must be a decimal number of at most 2147483647, with
// any number of leading zeros. So shardId-000000000007, shardId-7, shard-7,
// abc-7, -7 and 7 all name shard 7.
func parseShardID(id string) (int, bool) {
	digits := id
	if _, rest, ok := strings.Cut(id, "-"); ok {
		if part, _, _ := strings.Cut(rest, "-"); part != "" {
			digits = part
		}
	}
	if digits == "" {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 10 {
		return 0, false
	}
	n, _ := strconv.ParseInt("0"+digits, 10, 64)
	if n > maxShardIndex {
		return 0, false
	}
	return int(n), true
}

// StreamARN returns arn:aws:kinesis:{region}:{account}:stream/{name}.
func (s *Service) StreamARN(ref StreamRef) string {
	return "arn:aws:kinesis:" + s.region + ":" + ref.Account + ":stream/" + ref.Name
}

// consumerARN returns the ARN of a consumer registered at created.
func (s *Service) consumerARN(ref StreamRef, name string, created time.Time) string {
	return s.StreamARN(ref) + "/consumer/" + name + ":" + strconv.FormatInt(created.Unix(), 10)
}

// parsedARN is a Kinesis ARN taken apart.
type parsedARN struct {
	Account  string
	Stream   string
	Consumer string // empty for a stream ARN
	// ConsumerCreated is the epoch seconds suffix of a consumer ARN.
	ConsumerCreated int64
}

var arnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:kinesis:[a-z0-9-]*:(\d{12}):stream/([a-zA-Z0-9_.-]{1,128})(?:/consumer/([a-zA-Z0-9_.-]{1,128}):(\d{1,12}))?$`)

// parseARN reads a stream or consumer ARN.
func parseARN(arn string) (parsedARN, bool) {
	m := arnPattern.FindStringSubmatch(arn)
	if m == nil {
		return parsedARN{}, false
	}
	p := parsedARN{Account: m[1], Stream: m[2], Consumer: m[3]}
	if m[4] != "" {
		p.ConsumerCreated, _ = strconv.ParseInt(m[4], 10, 64)
	}
	return p, true
}

// ResolveStream finds the stream a request names by StreamName or
// StreamARN, on behalf of account. The ARN wins when both are given; an ARN
// of another account names a stream the caller cannot see.
func (s *Service) ResolveStream(account, name, arn string) (StreamRef, error) {
	switch {
	case arn != "":
		p, ok := parseARN(arn)
		if !ok || p.Consumer != "" {
			return StreamRef{}, errorf(ErrInvalidArgument, "StreamARN %s is invalid.", arn)
		}
		if p.Account != account {
			return StreamRef{}, errStreamNotFound(StreamRef{Account: p.Account, Name: p.Stream})
		}
		return StreamRef{Account: account, Name: p.Stream}, nil
	case name != "":
		return StreamRef{Account: account, Name: name}, nil
	default:
		return StreamRef{}, errorf(ErrInvalidArgument, "Stream arn and stream name can't be empty at the same time")
	}
}
