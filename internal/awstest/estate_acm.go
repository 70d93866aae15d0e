package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerACM generates counts["acm:ListCertificates"] certificates per
// region, a thousand a page; one in ten is an imported RSA_1024 one,
// one in twenty expired a week ago.
func (e Estate) registerACM(s *Server, counts map[string]int) {
	n := counts["acm:ListCertificates"]
	s.Handle("acm:ListCertificates", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["NextToken"], "t"))
		to := min(from+1000, n)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			alg, typ, notAfter := "RSA_2048", "AMAZON_ISSUED", 4070908800
			if i%10 == 0 {
				alg, typ = "RSA_1024", "IMPORTED"
			}
			if i%20 == 1 {
				notAfter = 1735689600
			}
			items = append(items, map[string]any{"DomainName": fmt.Sprintf("host-%d.example.com", i), "Status": "ISSUED", "Type": typ,
				"CertificateArn": fmt.Sprintf("arn:aws:acm:%s:%s:certificate/cert-%d", req.Region, req.Account, i),
				"KeyAlgorithm":   alg, "InUse": true, "RenewalEligibility": "ELIGIBLE", "NotBefore": 1704067200, "NotAfter": notAfter})
		}
		body := map[string]any{"CertificateSummaryList": items}
		if to < n {
			body["NextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
}
