using OpenQA.Selenium.Chrome;

namespace HaloClaude.Tests.Operations;

/// <summary>Debian's <c>chromium</c>, headless, driven through Debian's <c>chromedriver</c> with a fresh profile that is
/// deleted afterwards.</summary>
/// <remarks>
/// Both paths are given to Selenium, so Selenium Manager (which would look for or download a driver and a browser) never
/// runs. The flags keep Chromium off the network: the machine has none, and without them Chromium keeps trying to reach
/// its update, sync and component services. Without the packages installed, <see cref="Start"/> returns null on a developer
/// machine (the test skips itself) and throws in CI (<c>CI</c> set), where <c>.ci/install</c> provides them.
/// </remarks>
public sealed class HeadlessChromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly DirectoryInfo _profile;

    private HeadlessChromium(ChromeDriver driver, DirectoryInfo profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    public static HeadlessChromium? Start(int width = 1400, int height = 1000)
    {
        if (!File.Exists(BrowserPath) || !File.Exists(DriverPath))
        {
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            {
                throw new InvalidOperationException($"{BrowserPath} or {DriverPath} is missing; .ci/install must install the chromium and chromium-driver packages.");
            }

            return null;
        }

        var profile = Directory.CreateTempSubdirectory("haloclaude-chromium-");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            $"--user-data-dir={profile.FullName}",
            $"--window-size={width},{height}");
        try
        {
            return new HeadlessChromium(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
        }
        catch
        {
            service.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be writing its last files; the temp folder is cleaned by the system anyway.
        }
    }
}
