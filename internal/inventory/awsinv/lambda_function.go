package awsinv

// aws.lambda.function: Lambda functions, read with lambda:ListFunctions,
// lambda:GetPolicy and lambda:ListFunctionUrlConfigs.

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// collectLambdaFunctions lists functions (their configuration, with the
// environment, comes in the list) and reads each one's resource policy
// and function URLs: Lambda has no batch API for either.
func collectLambdaFunctions(ctx context.Context, s *Session) error {
	c := lambda.NewFromConfig(s.Config)
	var fns []lambdatypes.FunctionConfiguration
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(50)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		fns = append(fns, page.Functions...)
	}
	det := secrets.New()
	now := time.Now()
	servicesEach(ctx, fns, 8, func(fc lambdatypes.FunctionConfiguration) {
		f := awsmodel.NewLambdaFunction(fc, det, now)
		name := aws.ToString(fc.FunctionName)
		var unread []string
		pol, err := c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: fc.FunctionName})
		if svcCall(s, &unread, "lambda:GetPolicy", "function "+name, err, []string{"policy"}) {
			f.Policy = svcPolicy(s, &unread, "lambda:GetPolicy", "function "+name, "policy", pol.Policy)
		}
		up := lambda.NewListFunctionUrlConfigsPaginator(c, &lambda.ListFunctionUrlConfigsInput{FunctionName: fc.FunctionName, MaxItems: aws.Int32(50)})
		for up.HasMorePages() {
			page, err := up.NextPage(ctx)
			if !svcCall(s, &unread, "lambda:ListFunctionUrlConfigs", "function "+name, err, []string{"url_configs", "public_url"}) {
				break
			}
			f.URLConfigs = append(f.URLConfigs, page.FunctionUrlConfigs...)
		}
		s.Emit(s.New(awsmodel.TypeLambdaFunction, aws.ToString(fc.FunctionArn), name, nil, unread, f))
	})
	return ctx.Err()
}
