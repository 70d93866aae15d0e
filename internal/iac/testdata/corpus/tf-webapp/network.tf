module "vpc" {
  source = "./modules/vpc"

  name        = local.prefix
  cidr        = var.vpc_cidr
  web_ports   = var.web_ports
  admin_cidrs = var.admin_cidrs
  debug       = var.enable_debug_access
}
