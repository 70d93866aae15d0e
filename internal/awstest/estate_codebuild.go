package awstest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// registerCodeBuild generates counts["codebuild:ListProjects"] CodeBuild
// projects per region; one in ten runs in privileged mode.
func (e Estate) registerCodeBuild(s *Server, counts map[string]int) {
	n := counts["codebuild:ListProjects"]
	s.Handle("codebuild:ListProjects", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["nextToken"], "t"))
		to := min(from+100, n)
		names := make([]string, 0, to-from)
		for i := from; i < to; i++ {
			names = append(names, fmt.Sprintf("build-%d", i))
		}
		body := map[string]any{"projects": names}
		if to < n {
			body["nextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
	s.Handle("codebuild:BatchGetProjects", func(req *Request) *Reply {
		var names []string
		_ = json.Unmarshal([]byte(req.Params["names"]), &names)
		out := make([]any, 0, len(names))
		for _, name := range names {
			i, _ := strconv.Atoi(strings.TrimPrefix(name, "build-"))
			out = append(out, map[string]any{"name": name, "arn": fmt.Sprintf("arn:aws:codebuild:%s:%s:project/%s", req.Region, req.Account, name),
				"source":      map[string]any{"type": "GITHUB", "location": "https://github.com/acme/" + name + ".git"},
				"artifacts":   map[string]any{"type": "NO_ARTIFACTS"},
				"environment": map[string]any{"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": i%10 == 0},
				"logsConfig":  map[string]any{"cloudWatchLogs": map[string]any{"status": "ENABLED"}}})
		}
		return &Reply{Body: map[string]any{"projects": out}}
	})
}
