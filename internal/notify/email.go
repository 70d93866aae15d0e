package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Email sends plain-text mail through an SMTP server: STARTTLS (required
// when StartTLS is set), then PLAIN authentication when a user is set.
type Email struct {
	Host     string
	Port     int
	From     string
	To       []string
	Username string
	password string
	StartTLS bool
	// RootCAs verifies the server's certificate (nil: the system's).
	RootCAs *x509.CertPool
	// Timeout bounds one delivery (0: 30 s).
	Timeout time.Duration
}

// NewEmail returns a sender; password is a secret ("" with no user).
func NewEmail(host string, port int, from string, to []string, username, password string, starttls bool) *Email {
	return &Email{Host: host, Port: port, From: from, To: to, Username: username, password: password, StartTLS: starttls}
}

// smtpError is an SMTP answer: 4xx are worth retrying, 5xx are not.
func smtpError(step string, err error) error {
	var te *textproto.Error
	if asTP(err, &te) && te.Code >= 500 {
		return &permanentError{fmt.Errorf("email: %s: %v", step, err)}
	}
	return fmt.Errorf("email: %s: %v", step, err)
}

func asTP(err error, te **textproto.Error) bool {
	t, ok := err.(*textproto.Error)
	if ok {
		*te = t
	}
	return ok
}

// Send implements Sender.
func (e *Email) Send(ctx context.Context, m *Message) error {
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(e.Host, strconv.Itoa(e.Port))
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("email: connect to %s: %v", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, e.Host)
	if err != nil {
		conn.Close()
		return smtpError("greeting from "+addr, err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return smtpError("EHLO", err)
	}
	if e.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return &permanentError{fmt.Errorf("email: %s does not offer STARTTLS: enable it on the server, or set starttls: false for a server on a trusted network", addr)}
		}
		if err := c.StartTLS(&tls.Config{ServerName: e.Host, RootCAs: e.RootCAs, MinVersion: tls.VersionTLS12}); err != nil {
			return smtpError("STARTTLS", err)
		}
	}
	if e.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", e.Username, e.password, e.Host)); err != nil {
			return &permanentError{fmt.Errorf("email: sign in as %s: %s", e.Username, redact(err.Error(), []string{e.password}))}
		}
	}
	if err := c.Mail(e.From); err != nil {
		return smtpError("MAIL FROM", err)
	}
	for _, to := range e.To {
		if err := c.Rcpt(to); err != nil {
			return smtpError("RCPT TO "+to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(e.compose(m)); err != nil {
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("end of DATA", err)
	}
	return c.Quit()
}

// compose writes the mail: headers (the subject encoded, no line breaks
// from a finding) and a quoted-printable UTF-8 body.
func (e *Email) compose(m *Message) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	rand.Read(id)
	subject := strings.Join(strings.Fields(m.Headline()), " ")
	fmt.Fprintf(&b, "From: %s\r\n", e.From)
	fmt.Fprintf(&b, "To: %s\r\n", strings.Join(e.To, ", "))
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", cut(subject, 200)))
	fmt.Fprintf(&b, "Date: %s\r\n", m.At.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@vigil>\r\n", hex.EncodeToString(id))
	fmt.Fprintf(&b, "X-Vigil-Delivery: %d\r\n", m.Delivery)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(m.Text(), "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}
