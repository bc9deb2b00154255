"""One Processing algorithm per module. The provider discovers every module in this package."""
