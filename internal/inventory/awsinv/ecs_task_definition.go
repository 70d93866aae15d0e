package awsinv

// aws.ecs.task_definition: the latest ACTIVE revision of each task
// definition family, read with ecs:ListTaskDefinitions (every active
// revision, a hundred a page) and ecs:DescribeTaskDefinition (one call
// per family: ECS has no batch describe), about 1.01 calls per family
// when few families keep many active revisions.

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// collectECSTaskDefinitions lists the active revisions, keeps the
// latest of each family and describes it.
func collectECSTaskDefinitions(ctx context.Context, s *Session) error {
	c := ecs.NewFromConfig(s.Config)
	latest := map[string]int{}   // family -> highest active revision
	arnOf := map[string]string{} // family -> that revision's ARN
	p := ecs.NewListTaskDefinitionsPaginator(c, &ecs.ListTaskDefinitionsInput{
		Status: ecstypes.TaskDefinitionStatusActive, Sort: ecstypes.SortOrderDesc, MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, arn := range page.TaskDefinitionArns {
			family, rev, ok := taskDefinitionRevision(arn)
			if !ok {
				continue
			}
			if cur, seen := latest[family]; !seen || rev > cur {
				latest[family], arnOf[family] = rev, arn
			}
		}
	}
	families := make([]string, 0, len(arnOf))
	for f := range arnOf {
		families = append(families, f)
	}
	sort.Strings(families)
	det := secrets.New()
	servicesEach(ctx, families, 8, func(family string) {
		arn := arnOf[family]
		out, err := c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
		if err != nil {
			if IsNotFound(err) { // deregistered since the list
				return
			}
			s.Fail("ecs:DescribeTaskDefinition", fmt.Errorf("task definition %s: %w", arn, err))
			td := awsmodel.ECSTaskDefinition{TaskDefinition: ecstypes.TaskDefinition{Family: aws.String(family), TaskDefinitionArn: aws.String(arn),
				Revision: int32(latest[family])}}
			s.Emit(s.New(awsmodel.TypeECSTaskDefinition, arn, family, nil, taskDefinitionUnread, td))
			return
		}
		if out.TaskDefinition == nil {
			return
		}
		s.Emit(s.New(awsmodel.TypeECSTaskDefinition, arn, family, nil, nil, awsmodel.NewECSTaskDefinition(*out.TaskDefinition, det)))
	})
	return ctx.Err()
}

// taskDefinitionUnread are the attributes a task definition whose
// describe failed leaves unknown.
var taskDefinitionUnread = []string{"container_definitions", "network_mode", "pid_mode", "volumes", "credentials", "host_network", "host_pid",
	"privileged_containers", "writable_root_containers", "unlogged_containers", "root_containers", "host_network_root_containers",
	"efs_volumes_without_transit_encryption"}

// taskDefinitionRevision splits a task definition ARN
// (arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>).
func taskDefinitionRevision(arn string) (family string, rev int, ok bool) {
	_, rest, found := strings.Cut(arn, ":task-definition/")
	if !found {
		return "", 0, false
	}
	i := strings.LastIndex(rest, ":")
	if i <= 0 {
		return "", 0, false
	}
	rev, err := strconv.Atoi(rest[i+1:])
	if err != nil {
		return "", 0, false
	}
	return rest[:i], rev, true
}
