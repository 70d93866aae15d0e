# Credentials from a profile, from variables given at deployment, and
# LocalStack's placeholders.
variable "access_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region  = "eu-west-1"
  profile = "deploy"
}

provider "aws" {
  alias      = "given"
  region     = "eu-west-1"
  access_key = var.access_key
}

provider "aws" {
  alias                       = "localstack"
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
}
