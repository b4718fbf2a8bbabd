# The coordinator: one Native AOT binary on a base with glibc and OpenSSL (docs/install.md, "Images").
#   docker buildx build --platform linux/amd64,linux/arm64 -f deploy/images/coordinator.Dockerfile .   (from the repository root)
# deploy/images/build.sh builds the same image offline with buildah: it publishes with the local SDK and hands the
# result in as the "publish" stage (--build-context publish=DIR), on a base made from Debian's packages.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

# Runs on the build machine's own architecture and cross-compiles for TARGETARCH (clang plus the GNU cross linker).
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS publish
ARG TARGETARCH
ARG BUILDARCH
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang llvm \
 && case "$TARGETARCH/$BUILDARCH" in \
      arm64/amd64) apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu ;; \
      amd64/arm64) apt-get install -y --no-install-recommends gcc-x86-64-linux-gnu ;; \
    esac \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN deploy/images/publish.sh coordinator "$TARGETARCH" /out

FROM ${BASE_IMAGE}
COPY --from=publish /out/app/ /app/
COPY --from=publish /out/appsettings.json /etc/layercache/
# Settings are read from the content root; the Deployment mounts its ConfigMap there (deploy/base/coordinator/).
ENV DOTNET_CONTENTROOT=/etc/layercache
# The .NET images' non-root user "app", which the Deployment's securityContext names too.
USER 1654:1654
EXPOSE 9470 9471
ENTRYPOINT ["/app/layercache-coordinator"]
