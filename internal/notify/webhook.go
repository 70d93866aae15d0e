package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Headers of a webhook delivery.
const (
	// HeaderSignature is "sha256=" and the hex HMAC-SHA256, keyed with
	// the channel's secret, of the timestamp, a ".", and the body.
	HeaderSignature = "X-Vigil-Signature"
	// HeaderTimestamp is when the delivery was signed, in Unix seconds.
	HeaderTimestamp = "X-Vigil-Timestamp"
	// HeaderDelivery is the delivery log id: the same on every attempt.
	HeaderDelivery = "X-Vigil-Delivery"
	// HeaderEvent is the message kind and change, such as finding.opened.
	HeaderEvent = "X-Vigil-Event"
)

// WebhookSchema is the JSON Schema of the webhook payload (a Message).
//
//go:embed webhook.schema.json
var WebhookSchema []byte

// Webhook posts each message as JSON (Message), signed with
// HMAC-SHA256.
type Webhook struct {
	url    string
	secret []byte
	c      *client
	now    func() time.Time
}

// NewWebhook returns a sender posting to u, signing with secret.
func NewWebhook(u, secret string, hc *http.Client) *Webhook {
	return &Webhook{url: u, secret: []byte(secret), c: newClient("webhook", hc, secret), now: time.Now}
}

// Sign returns the signature header value of body sent at timestamp
// (Unix seconds) with secret: what a receiver computes to check it.
func Sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Send implements Sender.
func (w *Webhook) Send(ctx context.Context, m *Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return &permanentError{err}
	}
	ts := strconv.FormatInt(w.now().Unix(), 10)
	h := http.Header{}
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign(w.secret, ts, body))
	h.Set(HeaderDelivery, strconv.FormatInt(m.Delivery, 10))
	h.Set(HeaderEvent, m.Kind+"."+m.Change)
	return w.c.do(ctx, http.MethodPost, w.url, h, body, nil)
}
