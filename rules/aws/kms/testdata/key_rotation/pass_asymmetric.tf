# Automatic rotation does not apply to asymmetric keys.
resource "aws_kms_key" "signing" {
  description              = "Release signing key"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
