package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// runBacklog measures a large backlog: server RSS once o.messages are queued,
// and the time from a restart to the first message received.
func runBacklog(ctx context.Context, o options, out io.Writer) error {
	if o.server == "" {
		return errors.New("backlog mode needs -server PATH")
	}
	dir, err := os.MkdirTemp("", "sqsbench-backlog-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	o.endpoint = "http://" + addr

	srv, err := startServer(o.server, addr, dir)
	if err != nil {
		return err
	}
	c := newClient(o.endpoint, o.clients)
	url, err := ensureQueue(ctx, c, o.queue, o.attributes)
	if err != nil {
		srv.Process.Kill()
		return err
	}
	t0 := time.Now()
	if err := prefill(ctx, c, url, o.messages, o.size, o.clients); err != nil {
		srv.Process.Kill()
		return err
	}
	fill := time.Since(t0)
	rss, hwm := memory(srv.Process.Pid)
	fmt.Fprintf(out, "queued %d x %d B in %.1fs (%.0f msgs/s); server RSS %d MiB, peak RSS %d MiB\n",
		o.messages, o.size, fill.Seconds(), float64(o.messages)/fill.Seconds(), rss>>20, hwm>>20)
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()

	start := time.Now()
	srv, err = startServer(o.server, addr, dir)
	if err != nil {
		return err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	for {
		res, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 1})
		if err == nil && len(res.Messages) == 1 {
			break
		}
		if time.Since(start) > time.Minute {
			return fmt.Errorf("no message one minute after restart (last error %v)", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	rss, _ = memory(srv.Process.Pid)
	fmt.Fprintf(out, "restart to first ReceiveMessage: %.0f ms; server RSS after restart %d MiB\n",
		float64(time.Since(start))/float64(time.Millisecond), rss>>20)
	return nil
}

// startServer starts sluice on addr with its data in dir and waits for /healthz.
func startServer(bin, addr, dir string) (*exec.Cmd, error) {
	cmd := exec.Command(bin, "serve", "--listen", addr, "--data-dir", dir)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd, nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, fmt.Errorf("server on %s not healthy after 30s", addr)
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// memory returns the current and peak resident set size of pid in bytes.
func memory(pid int) (rss, peak int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		var kb int64
		line := s.Text()
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			fmt.Sscanf(strings.TrimPrefix(line, "VmRSS:"), "%d", &kb)
			rss = kb << 10
		case strings.HasPrefix(line, "VmHWM:"):
			fmt.Sscanf(strings.TrimPrefix(line, "VmHWM:"), "%d", &kb)
			peak = kb << 10
		}
	}
	return rss, peak
}
