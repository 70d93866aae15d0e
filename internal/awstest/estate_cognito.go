package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerCognito generates Cognito user pools, a tenth of the Kinesis
// streams' share (0.1% of the estate; one in four with threat
// protection off, one in five with six-character passwords), and
// identity pools, half as many (one in three open to unauthenticated
// identities). Each pool costs its describe call: about 1.02 calls per
// pool.
func (e Estate) registerCognito(s *Server, counts map[string]int) {
	userPools := counts["kinesis:ListStreams"] / 10
	identityPools := userPools / 2
	list := func(token string, total int, item func(i int) any) (items []any, next string) {
		from, _ := strconv.Atoi(strings.TrimPrefix(token, "t"))
		to := min(from+60, total)
		for i := from; i < to; i++ {
			items = append(items, item(i))
		}
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return items, next
	}
	index := func(id string) int { i, _ := strconv.Atoi(id[strings.LastIndexAny(id, "_-")+1:]); return i }
	s.Handle("cognito-idp:ListUserPools", func(req *Request) *Reply {
		items, next := list(req.Params["NextToken"], userPools, func(i int) any {
			return map[string]any{"Id": fmt.Sprintf("%s_pool-%d", req.Region, i), "Name": fmt.Sprintf("pool-%d", i)}
		})
		body := map[string]any{"UserPools": items}
		if next != "" {
			body["NextToken"] = next
		}
		return &Reply{Body: body}
	})
	s.Handle("cognito-idp:DescribeUserPool", func(req *Request) *Reply {
		id := req.Params["UserPoolId"]
		i := index(id)
		mode, length := "ENFORCED", 12
		if i%4 == 0 {
			mode = "OFF"
		}
		if i%5 == 0 {
			length = 6
		}
		return &Reply{Body: map[string]any{"UserPool": map[string]any{
			"Id": id, "Name": fmt.Sprintf("pool-%d", i), "Arn": fmt.Sprintf("arn:aws:cognito-idp:%s:%s:userpool/%s", req.Region, req.Account, id),
			"Policies": map[string]any{"PasswordPolicy": map[string]any{"MinimumLength": length, "RequireUppercase": true, "RequireLowercase": true,
				"RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7}},
			"UserPoolAddOns": map[string]any{"AdvancedSecurityMode": mode},
		}}}
	})
	s.Handle("cognito-identity:ListIdentityPools", func(req *Request) *Reply {
		items, next := list(req.Params["NextToken"], identityPools, func(i int) any {
			return map[string]any{"IdentityPoolId": fmt.Sprintf("%s:idp-%d", req.Region, i), "IdentityPoolName": fmt.Sprintf("idp_%d", i)}
		})
		body := map[string]any{"IdentityPools": items}
		if next != "" {
			body["NextToken"] = next
		}
		return &Reply{Body: body}
	})
	s.Handle("cognito-identity:DescribeIdentityPool", func(req *Request) *Reply {
		id := req.Params["IdentityPoolId"]
		return &Reply{Body: map[string]any{"IdentityPoolId": id, "IdentityPoolName": fmt.Sprintf("idp_%d", index(id)),
			"AllowUnauthenticatedIdentities": index(id)%3 == 0}}
	})
}
