package prod

import stdtime "time"

// Ticker names package time by another name.
func Ticker() *stdtime.Ticker { return stdtime.NewTicker(stdtime.Second) }
