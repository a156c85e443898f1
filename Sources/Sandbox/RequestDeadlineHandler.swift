import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client holds it without finishing a request: the first request's
/// head must arrive within `firstRequest` of connecting, and each request's body within `body`
/// of its head. (Between requests on a kept-alive connection the server's idle timeout applies;
/// it alone would let a client keep a request open forever by sending a byte now and then.)
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let firstRequest: TimeAmount
    private let body: TimeAmount
    private var deadline: Scheduled<Void>?
    private var sawFirstHead = false

    init(firstRequest: TimeAmount, body: TimeAmount) {
        self.firstRequest = firstRequest
        self.body = body
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armFirstRequest(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        armFirstRequest(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            sawFirstHead = true
            arm(context, in: body)
        case .body:
            break
        case .end:
            disarm()
        }
        context.fireChannelRead(data)
    }

    private func armFirstRequest(_ context: ChannelHandlerContext) {
        if !sawFirstHead && deadline == nil { arm(context, in: firstRequest) }
    }

    private func arm(_ context: ChannelHandlerContext, in amount: TimeAmount) {
        deadline?.cancel()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: amount) {
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestDeadlineHandler: Sendable {}
