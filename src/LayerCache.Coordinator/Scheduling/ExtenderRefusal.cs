namespace LayerCache.Coordinator.Scheduling;

/// <summary>Why an extender request is answered with an error: the HTTP status, the metric outcome and a message.</summary>
internal sealed record ExtenderRefusal(int Status, string Outcome, string Message)
{
    public static ExtenderRefusal BadRequest(string message) => new(StatusCodes.Status400BadRequest, "bad_request", message);

    public static ExtenderRefusal TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "too_large", $"the request body is larger than {limit} bytes");

    public IResult ToResult() => Results.Json(new ExtenderError(Message), ExtenderJson.Default.ExtenderError, statusCode: Status);
}
