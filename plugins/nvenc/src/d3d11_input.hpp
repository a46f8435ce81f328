// Windows only: D3D11 textures as NVENC input (the desktop-duplication capturer's frames). NVENC
// can register a texture only with a session opened on the texture's own ID3D11Device, so such an
// encoder's session is opened with its first frame, on that device. Compiled only for Windows.
#pragma once

#ifdef _WIN32

#include <d3d11.h>
#include <pfhost/capture.h>
#include <pfhost/encode.h>

#include <memory>

#include "frame_input.hpp"
#include "nvenc_session.hpp"

namespace pfhost::nvenc {

// The device the frame's texture lives on (a new reference the caller releases); for a frame that
// carries only a shared handle, a new device on the frame's adapter (by LUID). Throws
// pfhost::Error with the HRESULT.
ID3D11Device *d3d11_device_of(const pfhost_frame &frame);

// Registers each texture (or the texture a shared handle opens on `device`) once and maps it per
// frame, holding the texture's keyed mutex, when it has one, from prepare() to done().
std::unique_ptr<FrameInput> make_d3d11_input(const NvencSession &session, ID3D11Device *device,
                                             const pfhost_encoder_params &params);

}  // namespace pfhost::nvenc

#endif  // _WIN32
