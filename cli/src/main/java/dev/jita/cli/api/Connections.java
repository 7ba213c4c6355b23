package dev.jita.cli.api;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** The signed transport for resolved {@link Endpoints}: the SDK's default credential chain and region, as the AWS CLI. */
public final class Connections {
    private Connections() {
    }

    public static Transport signed(Endpoints endpoints, String userAgent) {
        AwsCredentialsProvider credentials;
        if (endpoints.profile().isPresent()) {
            requireProfile(endpoints.profile().get());
            // The profile's own source (keys, IAM Identity Center, role_arn + source_profile), never keys that
            // happen to be in the environment: as the AWS CLI's --profile.
            credentials = ProfileCredentialsProvider.builder().profileName(endpoints.profile().get()).build();
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        return new SignedTransport(endpoints.endpoint(), credentials, region(endpoints), userAgent);
    }

    /** A named profile must exist: otherwise the chain's complaint would be about whatever it tried last. */
    static void requireProfile(String name) {
        boolean found;
        try {
            found = ProfileFile.defaultProfileFile().profile(name).isPresent();
        } catch (SdkException | java.io.UncheckedIOException e) {
            found = false;
        }
        if (!found) {
            throw new Unreachable("there is no AWS profile '" + name + "' in your AWS config or credentials file"
                    + " (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws); check the name with"
                    + " 'aws configure list-profiles'.");
        }
    }

    /** --region or the config file, else the execute-api host's region, else the profile's or the environment's. */
    static Region region(Endpoints endpoints) {
        if (endpoints.region().isPresent()) {
            return Region.of(endpoints.region().get());
        }
        if (endpoints.endpointRegion().isPresent()) {
            return Region.of(endpoints.endpointRegion().get());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            endpoints.profile().ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkException e) {
            throw new Unreachable("no AWS region to sign for: pass --region, set AWS_REGION, or give the profile"
                    + " a region.");
        }
    }
}
