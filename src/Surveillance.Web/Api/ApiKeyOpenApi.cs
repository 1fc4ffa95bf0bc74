using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Surveillance.Web.Security;

namespace Surveillance.Web.Api;

/// <summary>Declares the API key in the OpenAPI document, so that clients generated from it send the header.</summary>
internal sealed class ApiKeyOpenApi : IOpenApiDocumentTransformer
{
    private const string Scheme = "api-key";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Surveillance API";
        document.Info.Description = "Suitability pre-checks for product teams' systems and cases for case systems. Every request carries an API key bound to a role in the X-Api-Key header. Errors are RFC 9457 problem documents.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "An API key issued with `surveil users key --name SYSTEM --role ROLE`.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] });
        return Task.CompletedTask;
    }
}
