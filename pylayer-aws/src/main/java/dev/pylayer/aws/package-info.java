/** Publishing layer zips to AWS Lambda; the only module that depends on the AWS SDK. */
package dev.pylayer.aws;
