import FazhiCore
import Vapor

extension Request {
    /// Runs a form's step and redirects to `success`; a refused step (invalid input, a conflict
    /// with the current state) answers with the page rendered again showing why, under the
    /// refusal's status. Other errors go to the error middleware.
    func attempt(success: String, render: ([FieldError]) async throws -> View, _ step: () async throws -> Void) async throws -> Response {
        do {
            do { try await step() } catch let failure as ValidationFailure { throw AppError(failure) }
            return redirect(to: success)
        } catch let error as AppError {
            let errors: [FieldError]
            switch error {
            case .validation(let list): errors = list
            case .conflict(let message), .badRequest(let message, _): errors = [FieldError("form", message)]
            default: throw error
            }
            let response = try await render(errors).encodeResponse(for: self)
            response.status = error.status
            return response
        }
    }
}
