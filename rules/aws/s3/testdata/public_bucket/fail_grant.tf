# An explicit grant to the AllUsers group instead of a canned ACL.
data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket" "downloads" {
  bucket = "example-public-downloads"
}

resource "aws_s3_bucket_acl" "downloads" {
  bucket = aws_s3_bucket.downloads.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}
