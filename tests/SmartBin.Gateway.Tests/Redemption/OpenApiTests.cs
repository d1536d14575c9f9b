using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>The served OpenAPI document describes exactly the mapped partner endpoints, with auth, keys, bodies and errors.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_document_lists_every_mapped_partner_route_and_nothing_else()
    {
        await using var rig = await StartAsync();
        var response = await rig.Client.GetAsync("/openapi/partner-v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var doc = JsonDocument.Parse(text).RootElement;
        Assert.StartsWith("3.1", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);

        var described = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "get" or "post").Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        var mapped = rig.PartnerRoutes().Select(r => $"{r.Method} {r.Pattern}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, described);
    }

    [Fact]
    public async Task Every_operation_has_its_key_requirement_error_responses_and_schemas()
    {
        await using var rig = await StartAsync();
        var doc = JsonDocument.Parse(await rig.Client.GetStringAsync("/openapi/partner-v1.json")).RootElement;
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("partnerKey");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.Contains(doc.GetProperty("security").EnumerateArray(), s => s.TryGetProperty("partnerKey", out _));
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("RedemptionView", out var view));
        Assert.True(view.GetProperty("properties").TryGetProperty("availablePoints", out _));
        Assert.True(schemas.GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty("code", out _));
        var points = schemas.GetProperty("CreatePaymentBody").GetProperty("properties").GetProperty("points");
        Assert.Equal("integer", points.GetProperty("type").GetString()); // read strictly: "10" is refused, so not "integer or string"

        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var name = $"{operation.Name} {path.Name}";
                var op = operation.Value;
                Assert.True(op.TryGetProperty("operationId", out _), name);
                var responses = op.GetProperty("responses");
                foreach (var status in new[] { "401", "403", "404" })
                {
                    Assert.True(responses.TryGetProperty(status, out var problem), $"{name} lacks {status}");
                    Assert.True(problem.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status}");
                }
                if (operation.Name != "post")
                {
                    continue;
                }
                Assert.Contains(op.GetProperty("parameters").EnumerateArray(), p =>
                    p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
                foreach (var status in new[] { "400", "409", "422" })
                {
                    Assert.True(responses.TryGetProperty(status, out _), $"{name} lacks {status}");
                }
                Assert.True(responses.TryGetProperty("200", out _) || responses.TryGetProperty("201", out _), name);
                if (!path.Name.EndsWith("/void", StringComparison.Ordinal) && !path.Name.EndsWith("/release", StringComparison.Ordinal) &&
                    !path.Name.EndsWith("/reverse", StringComparison.Ordinal))
                {
                    var reference = op.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
                    Assert.True(schemas.TryGetProperty(reference.Split('/')[^1], out _), $"{name}: {reference}");
                }
            }
        }
    }
}
