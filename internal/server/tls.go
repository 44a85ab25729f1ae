package server

import (
	"crypto/tls"
	"fmt"
	"net"
)

// setupTLS makes the HTTP server speak HTTPS, HTTP/2 included, when a
// certificate and key are configured. The files are read once, at start.
func (s *Server) setupTLS() error {
	if s.cfg.TLSCertFile == "" && s.cfg.TLSKeyFile == "" {
		return nil
	}
	cert, err := tls.LoadX509KeyPair(s.cfg.TLSCertFile, s.cfg.TLSKeyFile)
	if err != nil {
		return fmt.Errorf("server: TLS certificate %s and key %s: %w", s.cfg.TLSCertFile, s.cfg.TLSKeyFile, err)
	}
	s.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	s.http.TLSConfig = s.tlsConfig
	s.http.Protocols.SetHTTP2(true)
	return nil
}

// serveHTTP serves on l, over TLS when it is configured.
func (s *Server) serveHTTP(l net.Listener) error {
	if s.tlsConfig != nil {
		return s.http.ServeTLS(l, "", "")
	}
	return s.http.Serve(l)
}

// scheme is https when the server serves TLS, http otherwise.
func (s *Server) scheme() string {
	if s.tlsConfig != nil {
		return "https"
	}
	return "http"
}
