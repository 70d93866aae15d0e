package awstest

import (
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Protocol is an AWS wire protocol.
type Protocol int

// The protocols the collected services speak.
const (
	Query    Protocol = iota // awsQuery: IAM, STS, RDS, SNS, ELBv2, CloudWatch
	EC2Query                 // ec2Query
	JSON                     // awsJson1.0/1.1 (X-Amz-Target)
	RESTJSON                 // restJson1
	RESTXML                  // restXml: S3
	// RESTXMLWrapped is restXml with errors wrapped in <ErrorResponse>
	// (S3 Control, CloudFront, Route 53).
	RESTXMLWrapped
)

// Route maps a REST request to its operation.
type Route struct {
	// Service is the SigV4 signing name.
	Service string
	Method  string
	// Path is a pattern such as "/{Bucket}" or "/2015-03-31/functions/{FunctionName}/policy";
	// a capture ending in "+" ("{Key+}") spans slashes.
	Path string
	// Query lists query-string keys that must be present (S3
	// sub-resources such as "policy").
	Query []string
	// Name is the service's name in API keys when it differs from the
	// signing name (S3 Control signs as "s3").
	Name string
	// Op is the operation name.
	Op       string
	Protocol Protocol

	re    *regexp.Regexp
	names []string
}

func (r *Route) compile() {
	var b strings.Builder
	b.WriteString("^")
	rest := r.Path
	for {
		i := strings.Index(rest, "{")
		if i < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		j := strings.Index(rest[i:], "}")
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		name := rest[i+1 : i+j]
		if strings.HasSuffix(name, "+") {
			b.WriteString("(.+)")
			name = strings.TrimSuffix(name, "+")
		} else {
			b.WriteString("([^/]+)")
		}
		r.names = append(r.names, name)
		rest = rest[i+j+1:]
	}
	b.WriteString("/?$")
	r.re = regexp.MustCompile(b.String())
}

// serviceProtocols tells the RPC protocol of signing names that do not
// use REST. JSON services are recognised by X-Amz-Target.
var serviceProtocols = map[string]Protocol{
	"ec2": EC2Query,
}

// queryVersionNames names, in API keys, query APIs that share a signing
// name with another API and differ only in Version: the Classic Load
// Balancer API (2012-06-01) is keyed "elb:<Op>", ELBv2's
// "elasticloadbalancing:<Op>".
var queryVersionNames = map[string]string{
	"elasticloadbalancing@2012-06-01": "elb",
}

// xmlNS is the namespace query responses carry (the SDK ignores it).
const xmlNS = "https://vigil.dev/awstest/"

// render encodes a response body for the protocol.
func render(p Protocol, op string, body *yaml.Node) ([]byte, string, error) {
	if body == nil || body.Kind == 0 {
		switch p {
		case JSON, RESTJSON:
			return []byte("{}"), "application/json", nil
		case RESTXML:
			return nil, "application/xml", nil
		}
		body = &yaml.Node{Kind: yaml.MappingNode}
	}
	if body.Kind == yaml.ScalarNode {
		ct := "application/xml"
		if p == JSON || p == RESTJSON {
			ct = "application/json"
		}
		return []byte(body.Value), ct, nil
	}
	var v any
	if err := encodeBlobs(body).Decode(&v); err != nil {
		return nil, "", err
	}
	switch p {
	case JSON, RESTJSON:
		b, err := json.Marshal(v)
		return b, "application/json", err
	case Query:
		var b strings.Builder
		fmt.Fprintf(&b, `<%sResponse xmlns="%s"><%sResult>`, op, xmlNS, op)
		writeXML(&b, v, "member")
		fmt.Fprintf(&b, `</%sResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></%sResponse>`, op, op)
		return []byte(b.String()), "text/xml", nil
	case EC2Query:
		var b strings.Builder
		fmt.Fprintf(&b, `<%sResponse xmlns="%s"><requestId>req-1</requestId>`, op, xmlNS)
		writeXML(&b, v, "item")
		fmt.Fprintf(&b, `</%sResponse>`, op)
		return []byte(b.String()), "text/xml", nil
	default: // REST-XML: one root element, lists flattened
		var b strings.Builder
		b.WriteString(xml.Header)
		writeXML(&b, v, "")
		return []byte(b.String()), "application/xml", nil
	}
}

// writeXML renders YAML data as XML. Lists are wrapped in <member> or
// <item> elements, or, when wrap is "", repeat their parent's element.
func writeXML(b *strings.Builder, v any, wrap string) {
	m, ok := v.(map[string]any)
	if !ok {
		xmlText(b, v)
		return
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch x := m[k].(type) {
		case []any:
			if wrap == "" {
				for _, e := range x {
					fmt.Fprintf(b, "<%s>", k)
					writeXML(b, e, wrap)
					fmt.Fprintf(b, "</%s>", k)
				}
				continue
			}
			fmt.Fprintf(b, "<%s>", k)
			for _, e := range x {
				fmt.Fprintf(b, "<%s>", wrap)
				writeXML(b, e, wrap)
				fmt.Fprintf(b, "</%s>", wrap)
			}
			fmt.Fprintf(b, "</%s>", k)
		default:
			fmt.Fprintf(b, "<%s>", k)
			writeXML(b, x, wrap)
			fmt.Fprintf(b, "</%s>", k)
		}
	}
}

func xmlText(b *strings.Builder, v any) {
	var s string
	switch x := v.(type) {
	case nil:
		return
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	default:
		s = fmt.Sprint(x)
	}
	_ = xml.EscapeText(b, []byte(s)) // strings.Builder never fails
}

// writeError answers with the protocol's error shape.
func writeError(w http.ResponseWriter, p Protocol, status int, code, msg string) {
	switch p {
	case JSON:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
	case RESTJSON:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"message": msg, "Message": msg})
	case EC2Query:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>req-1</RequestID></Response>`, esc(code), esc(msg))
	case RESTXML:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<Error><Code>%s</Code><Message>%s</Message><RequestId>req-1</RequestId></Error>`, esc(code), esc(msg))
	default:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`, esc(code), esc(msg))
	}
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// throttleCode is each protocol's usual throttling error.
func throttleCode(p Protocol, service string) (int, string) {
	switch {
	case service == "s3":
		return 503, "SlowDown"
	case p == EC2Query:
		return 503, "RequestLimitExceeded"
	case p == JSON || p == RESTJSON:
		return 400, "ThrottlingException"
	default:
		return 400, "Throttling"
	}
}

// deniedCode is each protocol's access-denied error.
func deniedCode(p Protocol) string {
	switch p {
	case EC2Query:
		return "UnauthorizedOperation"
	case JSON, RESTJSON:
		return "AccessDeniedException"
	default:
		return "AccessDenied"
	}
}

// encodeBlobs returns a copy of n in which scalars tagged !base64 hold
// their base64 encoding.
func encodeBlobs(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.ScalarNode && n.Tag == "!base64" {
		c := *n
		c.Tag = "!!str"
		c.Value = base64.StdEncoding.EncodeToString([]byte(n.Value))
		return &c
	}
	if len(n.Content) == 0 {
		return n
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = encodeBlobs(k)
	}
	return &c
}
