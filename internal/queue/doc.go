// Package queue implements Amazon SQS semantics on top of the storage
// contract: queue attributes and their validation, standard and FIFO
// queues, deduplication, delays, visibility, long polling woken by sends,
// dead-letter queues and message move tasks, retention, and the MD5 digests
// clients verify. It knows nothing of HTTP or of AWS wire formats.
package queue
