resource "aws_codebuild_project" "api" {
  name         = "api"
  service_role = "arn:aws:iam::111111111111:role/codebuild-api"

  source {
    type     = "GITHUB"
    location = "https://github.com/acme/api.git"
  }

  artifacts {
    type     = "S3"
    location = "acme-api-artifacts"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "NPM_TOKEN"
      value = "/ci/npm-token"
      type  = "PARAMETER_STORE"
    }
  }

  logs_config {
    cloudwatch_logs {
      status = "DISABLED"
    }
  }
}
