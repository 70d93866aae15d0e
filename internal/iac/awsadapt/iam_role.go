package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// iamRoleAdapter reads IAM roles with their policies.
func iamRoleAdapter() adapter {
	return adapter{Target: awsmodel.TypeIAMRole, Consumes: iamEntitySources(),
		Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamRoleKind) }}
}
