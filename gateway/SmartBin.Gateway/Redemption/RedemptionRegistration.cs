using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SmartBin.Gateway.Configuration;

namespace SmartBin.Gateway.Redemption;

/// <summary>Registers the partner redemption API: directory, service, hold expiry sweep and the OpenAPI document.</summary>
public static class RedemptionRegistration
{
    private const string SecuritySchemeName = "partnerKey";

    /// <summary>Adds the redemption services; needs <c>AddSmartBinStorage</c> (the store) and a <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddSmartBinRedemption(this IServiceCollection services, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<PartnerDirectory>();
        services.AddSingleton<RedemptionService>();
        services.AddSingleton<PartnerAuthFilter>();
        services.AddHostedService<ReservationExpiryService>();
        services.AddOpenApi(RedemptionEndpoints.DocumentName, o =>
        {
            // Only the partner API: other endpoints (status, health) are not part of this contract.
            o.ShouldInclude = description => description.GroupName == RedemptionEndpoints.DocumentName;
            o.AddDocumentTransformer(DescribeDocument);
            o.AddOperationTransformer(DescribeOperation);
            o.AddSchemaTransformer(DescribeSchema);
        });
        return services;
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SmartBin partner redemption API",
            Version = "v1",
            Description = "Shops, the online mall and the citizen service card spend residents' points. Every POST needs an " +
                          "Idempotency-Key; refusals are RFC 9457 problem+json with a 'code'. See docs/redemption.md.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "sbp_{keyId}_{secret}",
            Description = "The partner key printed once by 'SmartBin.Gateway partner add'.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
        return Task.CompletedTask;
    }

    private static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // The handlers read JSON strictly: a number sent as a string is refused, so say "integer", not "integer or string".
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Integer) && type.HasFlag(JsonSchemaType.String))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        if (context.JsonTypeInfo.Type == typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Why, as a stable code (e.g. insufficient-balance); docs/redemption.md lists each code and how to fix it.",
            };
        }
        return Task.CompletedTask;
    }

    private static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PartnerRequestBody>().FirstOrDefault() is { } body && context.Document is { } document)
        {
            var name = body.BodyType.Name;
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.BodyType, null, cancellationToken));
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.BodyType != typeof(CaptureBody),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
            };
        }
        operation.Parameters ??= [];
        if (!operation.Parameters.Any(p => p.Name == "Idempotency-Key"))
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = true,
                Description = "1..64 of A-Z a-z 0-9 . _ - (a UUID fits). New per request; the same on a retry, which then gets the first answer again (header Idempotent-Replayed: true).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9._-]{1,64}$" },
            });
        }
    }
}
