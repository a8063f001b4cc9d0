# HaloClaude container image: build with the .NET SDK, run on the smaller ASP.NET Core runtime image as a non-root user.
#   docker build -t haloclaude .
#   docker run -p 4000:4000 -e ANTHROPIC_API_KEY=... -e LITELLM_MASTER_KEY=... haloclaude

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/HaloClaude/HaloClaude.csproj src/HaloClaude/
RUN dotnet restore src/HaloClaude/HaloClaude.csproj
COPY src/ src/
RUN dotnet publish src/HaloClaude/HaloClaude.csproj --configuration Release --no-restore --output /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The runtime image sets ASPNETCORE_HTTP_PORTS=8080; clear it so ASPNETCORE_URLS alone decides (port 4000, like the original proxy).
ENV ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_URLS=http://+:4000
EXPOSE 4000
# The image's built-in unprivileged user (uid 1654).
USER $APP_UID
# The runtime image has no curl or wget; bash's /dev/tcp is enough for a liveness check of GET /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/4000 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "HaloClaude.dll"]
