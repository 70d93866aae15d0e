package awsinv

// aws.sagemaker.notebook_instance: SageMaker notebook instances, listed
// with sagemaker:ListNotebookInstances (paged, 100 a page) and read
// with sagemaker:DescribeNotebookInstance, one call per instance: the
// list has neither network nor root access settings, and no batch
// describe exists. Tags come from the region's tagging API read.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectNotebookInstances(ctx context.Context, s *Session) error {
	c := sagemaker.NewFromConfig(s.Config)
	var list []smtypes.NotebookInstanceSummary
	p := sagemaker.NewListNotebookInstancesPaginator(c, &sagemaker.ListNotebookInstancesInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		list = append(list, page.NotebookInstances...)
	}
	servicesEach(ctx, list, 8, func(sum smtypes.NotebookInstanceSummary) {
		out, err := c.DescribeNotebookInstance(ctx, &sagemaker.DescribeNotebookInstanceInput{NotebookInstanceName: sum.NotebookInstanceName})
		if err != nil {
			if !IsNotFound(err, "ValidationException") { // deleted since it was listed: gone, not unread
				s.Fail("sagemaker:DescribeNotebookInstance", err)
			}
			return
		}
		n := awsmodel.SageMakerNotebookInstance{
			NotebookInstanceName: out.NotebookInstanceName, NotebookInstanceArn: out.NotebookInstanceArn,
			NotebookInstanceStatus: out.NotebookInstanceStatus, InstanceType: out.InstanceType, PlatformIdentifier: out.PlatformIdentifier,
			RoleArn: out.RoleArn, CreationTime: out.CreationTime, DirectInternetAccess: out.DirectInternetAccess, RootAccess: out.RootAccess,
			SubnetId: out.SubnetId, SecurityGroups: out.SecurityGroups, KmsKeyId: out.KmsKeyId,
			InstanceMetadataServiceConfiguration: out.InstanceMetadataServiceConfiguration,
			NotebookInstanceLifecycleConfigName:  out.NotebookInstanceLifecycleConfigName,
		}
		s.Emit(s.New(awsmodel.TypeSageMakerNotebookInstance, aws.ToString(sum.NotebookInstanceArn), aws.ToString(sum.NotebookInstanceName), nil, nil, &n))
	})
	return ctx.Err()
}
